import type { DocumentSection, LoadedDocument } from "../../src/documents/chunk.js";
import { isDocentError } from "../../src/errors.js";
import { describeTextLimit, type IngestLimits } from "./ingest-limits.js";
import { rejectFile } from "./reject-file.js";
import { titleFromFileName } from "./title-from-file-name.js";

/** Pages read per call into pdf.js: the text limit is checked between batches. */
const pagesPerBatch = 50;

/**
 * PDF: one section per page that has text, with its 1-based page number; the title comes from the document's
 * metadata, else the file name. Password-protected, malformed and image-only (scanned) PDFs are rejected, and so
 * are PDFs over the page limit (pdf.js finds each page from the start of a flat page tree, so time grows with the
 * square of the pages) or whose text passes the text limit, found as the pages are read.
 */
export async function loadPdf(source: string, bytes: Buffer, limits: IngestLimits): Promise<LoadedDocument> {
  // Loaded on first use: pdf.js is large, and most document sets hold no PDF.
  const pdfParse = await import("pdf-parse");
  const parser = new pdfParse.PDFParse({ data: bytes });
  try {
    const info = await parser.getInfo();
    if (info.total > limits.maxPdfPages) {
      throw rejectFile(
        `the PDF has ${info.total} pages, more than the ${limits.maxPdfPages}-page limit (DOCENT_MAX_PDF_PAGES)`,
      );
    }
    const sections: DocumentSection[] = [];
    let textLength = 0;
    for (let first = 1; first <= info.total; first += pagesPerBatch) {
      const last = Math.min(info.total, first + pagesPerBatch - 1);
      const result = await parser.getText({ first, last });
      for (const page of result.pages) {
        const text = page.text.replace(/\r\n?/g, "\n").trim();
        textLength += text.length;
        if (textLength > limits.maxTextBytes) throw rejectFile(describeTextLimit(limits));
        if (text !== "") sections.push({ text, headingPath: [], page: page.num });
      }
    }
    if (sections.length === 0) {
      throw rejectFile(
        `the PDF has no extractable text in its ${info.total} page(s) (scanned images need OCR first)`,
      );
    }
    return { title: readMetadataTitle(info.info) ?? titleFromFileName(source), sections };
  } catch (error) {
    throw describePdfError(error, pdfParse);
  } finally {
    await parser.destroy();
  }
}

function readMetadataTitle(info: unknown): string | null {
  if (typeof info !== "object" || info === null || !("Title" in info)) return null;
  const title = typeof info.Title === "string" ? info.Title.replace(/\s+/g, " ").trim() : "";
  return title === "" ? null : title;
}

function describePdfError(error: unknown, pdfParse: typeof import("pdf-parse")): Error {
  const { FormatError, InvalidPDFException, PasswordException } = pdfParse;
  if (isDocentError(error)) return error;
  if (error instanceof PasswordException) return rejectFile("the PDF is password-protected", error);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InvalidPDFException || error instanceof FormatError) {
    return rejectFile(`not a valid PDF file: ${message}`, error);
  }
  return rejectFile(`the PDF could not be read: ${message}`, error);
}
