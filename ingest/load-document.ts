import type { LoadedDocument } from "../src/documents/chunk.js";
import {
  documentMediaType,
  documentMediaTypes,
  extensionOf,
  mediaTypeOfPath,
} from "../src/sources/media-types.js";
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
  [documentMediaTypes.markdown, loadMarkdown],
  [documentMediaTypes.text, loadText],
  [documentMediaTypes.html, loadHtml],
  [documentMediaTypes.pdf, loadPdf],
  [documentMediaTypes.word, loadDocx],
]);

/**
 * Reads one document into a title and its structural sections, choosing the loader by its media type (a folder's
 * file by its extension, the default: media-types.ts). Sections without text are dropped. Throws DocentError FILE_REJECTED, whose
 * message is the reason, for a document it cannot read or whose text is over the limit; FileWithoutContent for a
 * page with nothing to index (a redirect stub).
 */
export async function loadDocument(
  source: string,
  bytes: Buffer,
  limits: IngestLimits = defaultIngestLimits,
  mediaType: string | undefined = mediaTypeOfPath(source),
): Promise<LoadedDocument> {
  const loader = mediaType === undefined ? undefined : loaders.get(documentMediaType(mediaType) ?? "");
  if (loader === undefined)
    throw rejectFile(`unsupported file type "${mediaType ?? (extensionOf(source) || source)}"`);
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
