import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { DocentError } from "../errors.js";

/**
 * The access file (YAML or JSON; JSON is read as YAML): which document scopes each Slack and Discord conversation may
 * search, and who the admins are. Numbers are read exactly (Discord ids are too long for a JavaScript number) and
 * turned into strings, so ids may be written with or without quotes. A missing file means the defaults: "public" only,
 * no admins. A file that does not match fails with CONFIG_INVALID naming the file and the key.
 */
const scopes = z.array(z.string().regex(/^[\w.-]+$/, "must be a scope name (a documents sub-folder)"));
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
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return parseAccessFile("{}", file);
    throw new DocentError("CONFIG_INVALID", `The access file ${file} cannot be read`, { cause: error });
  }
  return parseAccessFile(text, file);
}

export function parseAccessFile(text: string, file: string): AccessFile {
  let raw: unknown;
  try {
    raw = parse(text, { intAsBigInt: true }) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new DocentError("CONFIG_INVALID", `The access file ${file} is not valid YAML or JSON: ${reason}`, {
      cause: error,
    });
  }
  const result = accessFileSchema.safeParse(numbersAsStrings(raw));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = [...issue.path, ...("keys" in issue ? [issue.keys.join(", ")] : [])].join(".");
      return `${key || "(top level)"}: ${issue.message}`;
    });
    throw new DocentError("CONFIG_INVALID", `Invalid access file ${file}. Fix ${problems.join("; ")}`);
  }
  return result.data;
}

function numbersAsStrings(value: unknown): unknown {
  if (typeof value === "bigint" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(numbersAsStrings);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, numbersAsStrings(item)]));
  }
  return value;
}
