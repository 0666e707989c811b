import type { LoadedDocument } from "../../src/documents/chunk.js";
import { decodeText } from "./decode-text.js";
import { titleFromFileName } from "./title-from-file-name.js";

/** The longest first line that still reads as a title rather than as the start of a paragraph. */
const maximumTitleLength = 80;

/** Plain text: one section; the title is the first non-empty line when it is short, else the file name. */
export function loadText(source: string, bytes: Uint8Array): LoadedDocument {
  const text = decodeText(bytes).trim();
  const firstLine = text.slice(0, text.indexOf("\n") === -1 ? text.length : text.indexOf("\n")).trim();
  const title =
    firstLine !== "" && firstLine.length <= maximumTitleLength ? firstLine : titleFromFileName(source);
  return { title, sections: [{ text, headingPath: [], page: null }] };
}
