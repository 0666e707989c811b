import { parse } from "yaml";

export interface FrontMatter {
  /** The `title` field when it is a non-empty string. */
  title: string | null;
  /** The text after the front matter block (all of it when there is none). */
  body: string;
}

/** Splits YAML front matter ("---" ... "---" or "...") off a Markdown text. Malformed YAML only loses the title. */
export function readFrontMatter(text: string): FrontMatter {
  const opening = /^---[ \t]*\n/.exec(text);
  if (opening === null) return { title: null, body: text };
  const start = opening[0].length;
  const end = /^(?:---|\.\.\.)[ \t]*$/m.exec(text.slice(start));
  if (end === null) return { title: null, body: text };
  const yamlText = text.slice(start, start + end.index);
  const body = text.slice(start + end.index + end[0].length);
  return { title: readTitle(yamlText), body };
}

/** A top-level `title:` whose value is a plain YAML scalar that means the same text in any reading. */
const plainTitlePattern = /^title:[ \t]+([^\s'"&*!|>[\]{}%@`#,?:-][^#:\n]*?)[ \t]*$/m;
const nonTextScalars = new Set(["true", "false", "null", "yes", "no", "on", "off", "~"]);

function readTitle(yamlText: string): string | null {
  // Fast path: parsing YAML costs more than the rest of loading a Markdown page.
  const plain = plainTitlePattern.exec(yamlText)?.[1];
  if (plain !== undefined && !nonTextScalars.has(plain.toLowerCase()) && !/^[\d.+]/.test(plain)) return plain;
  try {
    const data: unknown = parse(yamlText);
    if (typeof data !== "object" || data === null || !("title" in data)) return null;
    const title = data.title;
    if (typeof title !== "string" && typeof title !== "number") return null;
    const trimmed = String(title).trim();
    return trimmed === "" ? null : trimmed;
  } catch {
    return null;
  }
}
