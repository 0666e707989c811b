import { parse } from "node-html-parser";
import type { LoadedDocument } from "../../src/documents/chunk.js";
import { decodeText } from "./decode-text.js";
import { extractHtmlSections } from "./html-sections.js";
import { titleFromFileName } from "./title-from-file-name.js";

/**
 * HTML: the title comes from <title>, else the first <h1>, else the file name. Only the main text counts: <main>
 * or <article> when there is one, else <body> without its header and footer; scripts, styles, navigation and
 * asides never do.
 */
export function loadHtml(source: string, bytes: Uint8Array): LoadedDocument {
  const html = removeComments(decodeText(bytes));
  const root = parse(html, { comment: false, blockTextElements: { script: true, style: true } });
  const content = root.querySelector("main") ?? root.querySelector("article");
  const sections = extractHtmlSections(content ?? root.querySelector("body") ?? root, {
    dropPageChrome: content === null,
  });
  const title = readElementText(root.querySelector("title")) || readElementText(root.querySelector("h1"));
  return { title: title || titleFromFileName(source), sections };
}

export function readElementText(element: { text: string } | null): string {
  return element === null ? "" : element.text.replace(/\s+/g, " ").trim();
}

/**
 * Comments never count as text. Taking them out first, in one linear scan, also spares the parser its comment
 * pattern, which takes quadratic time on a page of unclosed "<!--" (300 KB of them: minutes).
 */
function removeComments(html: string): string {
  let output = "";
  let position = 0;
  while (true) {
    const open = html.indexOf("<!--", position);
    if (open === -1) return output + html.slice(position);
    output += html.slice(position, open);
    const close = html.indexOf("-->", open + 4);
    // An unclosed comment runs to the end of the page, as in a browser.
    if (close === -1) return output;
    position = close + 3;
  }
}
