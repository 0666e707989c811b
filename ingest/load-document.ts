import type { LoadedDocument } from "../src/documents/chunk.js";
import { defaultIngestLimits, describeTextLimit, type IngestLimits } from "./ingest-limits.js";
import { loadDocx } from "./loaders/docx-loader.js";
import { loadHtml } from "./loaders/html-loader.js";
import { loadMarkdown } from "./loaders/markdown-loader.js";
import { loadPdf } from "./loaders/pdf-loader.js";
import { rejectFile } from "./loaders/reject-file.js";
import { loadText } from "./loaders/text-loader.js";

type Loader = (
  source: string,
  bytes: Buffer,
  limits: IngestLimits,
) => LoadedDocument | Promise<LoadedDocument>;

const loaders: ReadonlyMap<string, Loader> = new Map<string, Loader>([
  [".md", loadMarkdown],
  [".markdown", loadMarkdown],
  [".txt", loadText],
  [".html", loadHtml],
  [".htm", loadHtml],
  [".pdf", loadPdf],
  [".docx", loadDocx],
]);

/** The file extensions (lower case, with the dot) that loadDocument reads. */
export const supportedExtensions: ReadonlySet<string> = new Set(loaders.keys());

/** The lower-cased extension of a forward-slash path ("" when the file name has none). */
export function readExtension(source: string): string {
  const fileName = source.slice(source.lastIndexOf("/") + 1);
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot).toLowerCase() : "";
}

/**
 * Reads one file into a title and its structural sections, choosing the loader by extension. Sections without
 * text are dropped. Throws DocentError FILE_REJECTED, whose message is the reason, for a file it cannot read or
 * whose text is over the limit; FileWithoutContent for a page with nothing to index (a redirect stub).
 */
export async function loadDocument(
  source: string,
  bytes: Buffer,
  limits: IngestLimits = defaultIngestLimits,
): Promise<LoadedDocument> {
  const extension = readExtension(source);
  const loader = loaders.get(extension);
  if (loader === undefined) throw rejectFile(`unsupported file type "${extension || source}"`);
  if (bytes.length === 0) throw rejectFile("the document is empty (no text)");
  const document = await loader(source, bytes, limits);
  let textLength = 0;
  const sections = document.sections
    .map((section) => ({ ...section, text: section.text.trim() }))
    .filter((section) => section.text !== "");
  for (const section of sections) textLength += section.text.length;
  if (textLength > limits.maxTextBytes) throw rejectFile(describeTextLimit(limits));
  if (sections.length === 0) throw rejectFile("the document is empty (no text)");
  return { title: document.title.trim() || source, sections };
}
