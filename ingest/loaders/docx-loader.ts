import { parse } from "node-html-parser";
import type { LoadedDocument } from "../../src/documents/chunk.js";
import { readElementText } from "./html-loader.js";
import { extractHtmlSections } from "./html-sections.js";
import type { IngestLimits } from "./ingest-limits.js";
import { rejectFile } from "./reject-file.js";
import { titleFromFileName } from "./title-from-file-name.js";
import { checkZipEntrySizes } from "./zip-entry-sizes.js";

/**
 * Word: mammoth turns the document into HTML (Heading 1-6 styles become h1-h6), read like any HTML body. The
 * archive's parts are checked first, so that a small file cannot expand into gigabytes; images are never read.
 */
export async function loadDocx(source: string, bytes: Buffer, limits: IngestLimits): Promise<LoadedDocument> {
  checkZipEntrySizes(bytes, limits.maxZipEntryBytes);
  let html: string;
  try {
    const { default: mammoth } = await import("mammoth");
    const skipImage = mammoth.images.imgElement(async () => ({ src: "" }));
    html = (await mammoth.convertToHtml({ buffer: bytes }, { convertImage: skipImage })).value;
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
