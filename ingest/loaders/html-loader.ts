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
  const root = parse(decodeText(bytes), { comment: false, blockTextElements: { script: true, style: true } });
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
