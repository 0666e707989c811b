import { parse } from "node-html-parser";
import type { LoadedDocument } from "../../src/documents/chunk.js";
import { readElementText } from "./html-loader.js";
import { extractHtmlSections } from "./html-sections.js";
import { rejectFile } from "./reject-file.js";
import { titleFromFileName } from "./title-from-file-name.js";

/** Word: mammoth turns the document into HTML (Heading 1-6 styles become h1-h6), read like any HTML body. */
export async function loadDocx(source: string, bytes: Buffer): Promise<LoadedDocument> {
  let html: string;
  try {
    const { default: mammoth } = await import("mammoth");
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch (error) {
    throw rejectFile(`not a valid .docx file: ${describeError(error)}`, error);
  }
  const root = parse(html, { comment: false, blockTextElements: {} });
  const sections = extractHtmlSections(root, { dropPageChrome: false });
  return { title: readElementText(root.querySelector("h1")) || titleFromFileName(source), sections };
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]?.trim() || "unreadable archive";
}
