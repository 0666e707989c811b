import { type Document, isScalar, LineCounter, parseDocument, visit } from "yaml";
import { z } from "zod";
import { isScopeName, normaliseScopeName, scopeNameRule } from "../documents/scope-name.js";
import { DocentError } from "../errors.js";
import { readAccessFile } from "./read-access-file.js";

/**
 * The access file (YAML or JSON; JSON is read as YAML): which document scopes each Slack and Discord conversation may
 * search, and who the admins are. Numbers are read exactly (Discord ids are too long for a JavaScript number) and
 * turned into strings, so ids may be written with or without quotes. A missing file means the defaults: "public" only,
 * no admins. A file that does not match fails with CONFIG_INVALID naming the file and the key. Scope names are
 * NFC-normalised (scope-name.ts); an empty list grants no scope. Parsing takes time linear in the file's size.
 */
const scopeName = z
  .string()
  .transform(normaliseScopeName)
  .refine(isScopeName, { error: `must be ${scopeNameRule}` });
const scopes = z.array(scopeName);
const ids = z.array(z.string().min(1));
const defaultScopes = ["public"];
export const directMessagesPlace = "direct-messages";
export const listedChannelsShorthand = "direct-messages-and-listed-channels";

const slackSchema = z.strictObject({
  channels: z.record(z.string(), scopes).default({}),
  defaultScopes: scopes.default(defaultScopes),
  directMessageScopes: scopes.default(defaultScopes),
  admins: ids.default([]),
});

const discordSchema = z.strictObject({
  channels: z.record(z.string(), scopes).default({}),
  roles: z.record(z.string(), scopes).default({}),
  /** Where a member's role scopes add up: "direct-messages" and/or channel ids, or the shorthand. */
  roleScopesIn: z
    .union([z.literal(listedChannelsShorthand), z.array(z.string().min(1))])
    .default([directMessagesPlace]),
  defaultScopes: scopes.default(defaultScopes),
  directMessageScopes: scopes.default(defaultScopes),
  admins: ids.default([]),
});

const accessFileSchema = z.strictObject({
  slack: slackSchema.default(slackSchema.parse({})),
  discord: discordSchema.default(discordSchema.parse({})),
});

export type AccessFile = z.infer<typeof accessFileSchema>;

export function loadAccessFile(file: string): AccessFile {
  return parseAccessFile(readAccessFile(file) ?? "{}", file);
}

export function parseAccessFile(text: string, file: string): AccessFile {
  const result = accessFileSchema.safeParse(numbersAsStrings(parseYaml(text, file)));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = [...issue.path, ...("keys" in issue ? [issue.keys.join(", ")] : [])].join(".");
      return `${key || "(top level)"}: ${issue.message}`;
    });
    throw new DocentError("CONFIG_INVALID", `Invalid access file ${file}. Fix ${problems.join("; ")}`);
  }
  return result.data;
}

/**
 * YAML (JSON is YAML) to plain values. The yaml package's own check for repeated keys compares each key with every
 * key before it in its map (40,000 channels took 25 s); it is turned off and done here with one set per map.
 */
function parseYaml(text: string, file: string): unknown {
  const lines = new LineCounter();
  const document = parseDocument(text, { intAsBigInt: true, uniqueKeys: false, lineCounter: lines });
  const problem = document.errors[0]?.message.split("\n")[0] ?? repeatedKey(document, lines);
  if (problem !== null) {
    throw new DocentError("CONFIG_INVALID", `The access file ${file} is not valid YAML or JSON: ${problem}`, {
      cause: document.errors[0],
    });
  }
  return document.toJS() ?? {};
}

/** The first key written twice in one map, as a sentence with its line; null when there is none. */
function repeatedKey(document: Document, lines: LineCounter): string | null {
  let found: string | null = null;
  visit(document, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) {
          const line = isScalar(pair.key) ? ` at line ${lines.linePos(pair.key.range?.[0] ?? 0).line}` : "";
          found = `the key "${key}" is written twice in one map${line} (map keys must be unique)`;
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

function numbersAsStrings(value: unknown): unknown {
  if (typeof value === "bigint" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(numbersAsStrings);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, numbersAsStrings(item)]));
  }
  return value;
}
