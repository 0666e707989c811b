import { parse } from "yaml";

export interface FrontMatter {
  /** The `title` field when it is a non-empty string. */
  title: string | null;
  /** The text after the front matter block (all of it when there is none). */
  body: string;
  /** Whether the text began with a front matter block. */
  present: boolean;
}

/**
 * Splits front matter off a Markdown text: YAML between "---" and "---" (or "..."), or TOML between "+++" lines
 * (Hugo). Malformed metadata only loses the title. Lines are found with indexOf, never with a pattern, so the time
 * is linear in the text whatever it holds.
 */
export function readFrontMatter(text: string): FrontMatter {
  const firstLine = readLine(text, 0);
  const opening = firstLine.text.trimEnd();
  const closings = opening === "---" ? ["---", "..."] : opening === "+++" ? ["+++"] : null;
  if (closings === null) return { title: null, body: text, present: false };
  const start = firstLine.next;
  for (let position = start; position < text.length; ) {
    const line = readLine(text, position);
    if (closings.includes(line.text.trimEnd())) {
      const metadata = text.slice(start, position);
      const title = opening === "+++" ? readTomlTitle(metadata) : readYamlTitle(metadata);
      return { title, body: text.slice(line.next), present: true };
    }
    position = line.next;
  }
  return { title: null, body: text, present: false };
}

function readLine(text: string, position: number): { text: string; next: number } {
  const end = text.indexOf("\n", position);
  return end === -1
    ? { text: text.slice(position), next: text.length }
    : { text: text.slice(position, end), next: end + 1 };
}

/** Characters that give a YAML scalar another meaning when they start it. */
const specialFirstCharacters = new Set([..."'\"&*!|>[]{}%@`#,?:-"]);
const nonTextScalars = new Set(["true", "false", "null", "yes", "no", "on", "off", "~"]);

/** The longest `title` value handed to the YAML parser: more is not a title, and nesting costs the parser dearly. */
const maximumTitleLength = 1_000;

function readYamlTitle(yamlText: string): string | null {
  const entry = findTitleEntry(yamlText);
  if (entry === null) return null;
  const value = entry.slice("title:".length).trim();
  const first = value[0];
  if (first === undefined || value.length > maximumTitleLength) return null;
  if (isPlainText(value)) return value;
  // A collection, an alias or a tag is no text title; and parsing it is where a YAML parser can be made to work
  // hard (100,000 nested "[" crash it), so only scalars reach the parser.
  if ("[{*&!-?".includes(first)) return null;
  try {
    const data: unknown = parse(entry);
    if (typeof data !== "object" || data === null || !("title" in data)) return null;
    const title = data.title;
    if (typeof title !== "string" && typeof title !== "number") return null;
    const trimmed = String(title).trim();
    return trimmed === "" ? null : trimmed;
  } catch {
    return null;
  }
}

/** The top-level `title:` line with the indented lines that continue its value ("title: |" and the like). */
function findTitleEntry(yamlText: string): string | null {
  for (let position = 0; position < yamlText.length; ) {
    const line = readLine(yamlText, position);
    position = line.next;
    if (!line.text.startsWith("title:")) continue;
    let end = position;
    while (end < yamlText.length && end - position <= maximumTitleLength) {
      const next = readLine(yamlText, end);
      if (next.text.trim() !== "" && next.text[0] !== " " && next.text[0] !== "\t") break;
      end = next.next;
    }
    return line.text + (end > position ? `\n${yamlText.slice(position, end)}` : "");
  }
  return null;
}

/** A plain scalar that means the same text in any reading of YAML, such as `Leave policy`. */
function isPlainText(value: string): boolean {
  const first = value[0];
  if (first === undefined || specialFirstCharacters.has(first) || /[\d.+]/.test(first)) return false;
  return !value.includes("#") && !value.includes(":") && !nonTextScalars.has(value.toLowerCase());
}

/** `title = "..."` (or '...') in TOML front matter. */
function readTomlTitle(tomlText: string): string | null {
  for (let position = 0; position < tomlText.length; ) {
    const line = readLine(tomlText, position);
    position = line.next;
    const equals = line.text.indexOf("=");
    if (equals === -1 || line.text.slice(0, equals).trim() !== "title") continue;
    const value = line.text.slice(equals + 1).trim();
    const quote = value[0];
    if ((quote !== '"' && quote !== "'") || value.length < 2 || value.at(-1) !== quote) return null;
    const title = value.slice(1, -1).trim();
    return title === "" ? null : title;
  }
  return null;
}
