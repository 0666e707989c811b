import { type Document, isScalar, LineCounter, parseDocument, visit } from "yaml";
import { z } from "zod";
import { DocentError } from "../errors.js";
import type { PlatformAccess } from "./platform-access.js";
import { readAccessFile } from "./read-access-file.js";

/**
 * The access file (YAML or JSON; JSON is read as YAML): one section per chat platform, under the platform's name,
 * saying which document scopes each of its conversations may search and who the admins are (each platform's
 * section schema: platform-access.ts). Numbers are read exactly (Discord ids are too long for a JavaScript number)
 * and turned into strings, so ids may be written with or without quotes. A missing file, or a missing section,
 * means the defaults: "public" only, no admins. A file that does not match (a misspelt key, a section no listed
 * platform owns) fails with CONFIG_INVALID naming the file and the key. Parsing takes time linear in the file's size.
 */

/** Each listed platform's section, by the platform's name (its accessSection's output). */
export type AccessFile = Readonly<Record<string, unknown>>;

export function loadAccessFile(file: string, platforms: readonly PlatformAccess[]): AccessFile {
  return parseAccessFile(readAccessFile(file) ?? "{}", file, platforms);
}

export function parseAccessFile(
  text: string,
  file: string,
  platforms: readonly PlatformAccess[],
): AccessFile {
  const schema = z.strictObject(
    Object.fromEntries(platforms.map((platform) => [platform.name, platform.accessSection.prefault({})])),
  );
  const result = schema.safeParse(numbersAsStrings(parseYaml(text, file)));
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
