/**
 * Template syntax in Markdown pages of static sites: Liquid/Jekyll/Eleventy tags `{% name args %}` and output
 * `{{ expression }}`, Hugo shortcodes `{{< name >}}` and `{{% name %}}`. None of it is text a reader sees, but some
 * tags stand for text that is: a link tag for its URL, a Slack channel tag for the channel's name, an alert for its
 * heading. Those leave that text; comments vanish with their content; `raw` blocks keep their content as written;
 * every other tag vanishes. Tags are found with indexOf, never with a pattern: linear in the text.
 */

import { type CodeFence, closesFence, readFenceOpening } from "./code-fence.js";

/** Tags whose first argument is a URL or a path, written where the page shows a link. */
const linkTags = new Set(["page", "link", "post_url", "download", "asset", "asset_path", "ref", "relref"]);

export interface TemplateCleanup {
  text: string;
  /** Whether any template syntax was found. */
  found: boolean;
}

/** Removes template syntax from Markdown outside code fences; fenced code keeps every character. */
export function removeTemplateSyntax(markdown: string): TemplateCleanup {
  const output: string[] = [];
  let prose: string[] = [];
  let found = false;
  const flushProse = () => {
    if (prose.length === 0) return;
    const cleaned = removeTemplateTags(prose.join("\n"));
    output.push(cleaned.text);
    found ||= cleaned.found;
    prose = [];
  };
  let fence: CodeFence | null = null;
  for (const line of markdown.split("\n")) {
    if (fence !== null) {
      output.push(line);
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    fence = readFenceOpening(line);
    if (fence === null) {
      prose.push(line);
      continue;
    }
    flushProse();
    output.push(line);
  }
  flushProse();
  return { text: output.join("\n"), found };
}

function removeTemplateTags(text: string): TemplateCleanup {
  let output = "";
  let position = 0;
  let found = false;
  const next = { "{%": text.indexOf("{%"), "{{": text.indexOf("{{") };
  while (true) {
    if (next["{%"] !== -1 && next["{%"] < position) next["{%"] = text.indexOf("{%", position);
    if (next["{{"] !== -1 && next["{{"] < position) next["{{"] = text.indexOf("{{", position);
    const opening = pickOpening(next["{%"], next["{{"]);
    if (opening === null) break;
    const start = next[opening];
    const end = text.indexOf(opening === "{%" ? "%}" : "}}", start + 2);
    if (end === -1) {
      // No tag of this kind closes after here: none can start after here either.
      next[opening] = -1;
      continue;
    }
    found = true;
    output += text.slice(position, start);
    const tag = readTag(text.slice(start + 2, end), opening);
    position = end + 2;
    if (tag.name === "raw" || tag.name === "comment") {
      const block = findEndTag(text, position, `end${tag.name}`);
      if (tag.name === "raw") output += text.slice(position, block.start);
      position = block.end;
      continue;
    }
    const replacement = replaceTag(tag);
    // A tag that leaves nothing between two spaces leaves one space, not two.
    if (replacement === "" && isBlank(output.at(-1)) && isBlank(text[position])) position++;
    output += replacement;
  }
  return { text: output + text.slice(position), found };
}

function isBlank(character: string | undefined): boolean {
  return character === " " || character === "\t";
}

function pickOpening(liquid: number, output: number): "{%" | "{{" | null {
  if (liquid === -1 && output === -1) return null;
  if (output === -1 || (liquid !== -1 && liquid < output)) return "{%";
  return "{{";
}

interface Tag {
  name: string;
  args: string[];
}

/** The name and arguments of a tag, given the text between its delimiters. */
function readTag(inner: string, opening: "{%" | "{{"): Tag {
  let body = inner.trim();
  // Whitespace control ({%- -%}) and Hugo's shortcode delimiters ({{< >}}, {{% %}}).
  if (body.startsWith("-")) body = body.slice(1);
  if (body.endsWith("-")) body = body.slice(0, -1);
  if (opening === "{{") {
    const hugo = body[0] === "<" || body[0] === "%";
    // An output tag prints an expression: only a string literal ({{ "{% raw %}" }}) has text we know.
    if (!hugo)
      return isStringLiteral(body) ? { name: "literal", args: [body.slice(1, -1)] } : { name: "", args: [] };
    body = body.slice(1, body.at(-1) === ">" || body.at(-1) === "%" ? -1 : undefined);
  }
  const words = splitArguments(body.trim());
  return { name: words[0] ?? "", args: words.slice(1) };
}

function isStringLiteral(body: string): boolean {
  const quote = body[0];
  return (quote === '"' || quote === "'") && body.length >= 2 && body.indexOf(quote, 1) === body.length - 1;
}

/** Words and quoted strings, separated by spaces or commas: `image "a.png" "alt text"`. */
function splitArguments(body: string): string[] {
  const words: string[] = [];
  let index = 0;
  while (index < body.length) {
    const character = body[index] ?? "";
    if (/[\s,]/.test(character)) {
      index++;
    } else if (character === '"' || character === "'") {
      const close = body.indexOf(character, index + 1);
      const end = close === -1 ? body.length : close;
      words.push(body.slice(index + 1, end));
      index = end + 1;
    } else {
      let end = index;
      while (end < body.length && !/[\s,]/.test(body[end] ?? "")) end++;
      words.push(body.slice(index, end));
      index = end;
    }
  }
  return words;
}

function replaceTag(tag: Tag): string {
  const [first = "", second = ""] = tag.args;
  if (linkTags.has(tag.name)) return first;
  if (tag.name === "slack_channel") return second || `#${first.replace(/^#/, "")}`;
  if (tag.name === "alert" || tag.name === "literal") return first;
  return "";
}

/** Where the `{% endraw %}` (or endcomment) after `from` starts and ends; the end of the text when there is none. */
function findEndTag(text: string, from: number, name: string): { start: number; end: number } {
  // Tags do not nest: the search for the next one starts after the end of this one, so the scan stays linear.
  for (let start = text.indexOf("{%", from); start !== -1; ) {
    const end = text.indexOf("%}", start + 2);
    if (end === -1) break;
    if (readTag(text.slice(start + 2, end), "{%").name === name) return { start, end: end + 2 };
    start = text.indexOf("{%", end + 2);
  }
  return { start: text.length, end: text.length };
}
