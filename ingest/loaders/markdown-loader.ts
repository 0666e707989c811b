import type { DocumentSection, LoadedDocument } from "../../src/documents/chunk.js";
import { type CodeFence, closesFence, readFenceOpening } from "./code-fence.js";
import { decodeText } from "./decode-text.js";
import { readFrontMatter } from "./markdown-front-matter.js";
import { cleanHeading } from "./markdown-heading-text.js";
import { removeTemplateSyntax } from "./markdown-template-tags.js";
import { FileWithoutContent } from "./reject-file.js";
import { titleFromFileName } from "./title-from-file-name.js";

interface Heading {
  level: number;
  text: string;
}

/**
 * Markdown: front matter's `title` wins, then the first H1, then the file name. Front matter and template tags
 * never reach the text (see markdown-template-tags.ts); a page left with no text (a redirect stub) is skipped. A
 * section starts at every ATX or setext heading and carries the path of headings above it; "#" lines inside code
 * fences are code, not headings.
 */
export function loadMarkdown(source: string, bytes: Uint8Array): LoadedDocument {
  const frontMatter = readFrontMatter(decodeText(bytes));
  const body = removeTemplateSyntax(frontMatter.body);
  const sections: DocumentSection[] = [];
  const headings: Heading[] = [];
  let firstTopHeading: string | null = null;
  let lines: string[] = [];
  let fence: CodeFence | null = null;

  const closeSection = (): void => {
    const text = lines.join("\n").trim();
    if (text !== "")
      sections.push({ text, headingPath: headings.map((heading) => heading.text), page: null });
    lines = [];
  };
  const openSection = (level: number, text: string): void => {
    closeSection();
    while ((headings.at(-1)?.level ?? 0) >= level) headings.pop();
    headings.push({ level, text });
    if (level === 1 && firstTopHeading === null) firstTopHeading = text;
  };

  for (const line of body.text.split("\n")) {
    if (fence !== null) {
      if (closesFence(line, fence)) fence = null;
      lines.push(line);
      continue;
    }
    fence = readFenceOpening(line);
    const atx = fence === null ? readAtxHeading(line) : null;
    const setextLevel = fence === null && atx === null ? readSetextLevel(line, lines.at(-1)) : 0;
    if (atx !== null) {
      openSection(atx.level, atx.text);
    } else if (setextLevel > 0) {
      const text = cleanHeading(lines.pop() ?? "");
      openSection(setextLevel, text);
    } else {
      lines.push(line);
    }
  }
  closeSection();
  if (sections.length === 0 && (frontMatter.present || body.found)) throw new FileWithoutContent();
  const title = frontMatter.title === null ? null : removeTemplateSyntax(frontMatter.title).text.trim();
  return { title: title || firstTopHeading || titleFromFileName(source), sections };
}

function readAtxHeading(line: string): Heading | null {
  const match = /^ {0,3}(#{1,6})(?=[ \t]|$)/.exec(line);
  const marks = match?.[1];
  if (match === null || marks === undefined) return null;
  let rest = line.slice(match[0].length).trim();
  // An optional closing run of "#" must be separated from the text by a space (or be all there is).
  let end = rest.length;
  while (end > 0 && rest[end - 1] === "#") end--;
  if (end === 0 || rest[end - 1] === " " || rest[end - 1] === "\t") rest = rest.slice(0, end);
  return { level: marks.length, text: cleanHeading(rest) };
}

/** 1 for "===", 2 for "---" under a line of paragraph text; 0 when the line is no setext underline. */
function readSetextLevel(line: string, previous: string | undefined): number {
  if (previous === undefined || previous.trim() === "" || /^ {0,3}(?:[-*+>|]|\d+[.)])/.test(previous))
    return 0;
  if (readFenceOpening(previous) !== null || previous.startsWith("    ")) return 0;
  if (/^ {0,3}=+[ \t]*$/.test(line)) return 1;
  if (/^ {0,3}-+[ \t]*$/.test(line)) return 2;
  return 0;
}
