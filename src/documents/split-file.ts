import type { Chunk } from "./chunk.js";

/** A document as the index records it: its key, its scope, and which version of it the index holds. */
export interface IndexedFile {
  /** Its key in the index: a path relative to the documents folder, or its source's name, "/" and its id. */
  source: string;
  scope: string;
  /** The version its source gave (for a folder's file: sha256 of its bytes). */
  hash: string;
  bytes: number;
  /** The name of the source it came from (absent for the documents folder in indexes built before sources had names). */
  sourceName?: string;
  /** Where people open it, when its source has an address for it. */
  url?: string;
}

/** A document that could not be listed, read or loaded, with the reason a report shows. */
export interface FileProblem {
  source: string;
  reason: string;
}

/** A document the ingest loaded and split: what it hands the index store (the ingest's own file type may say more). */
export interface SplitFile<File extends IndexedFile = IndexedFile> {
  file: File;
  title: string;
  chunks: Chunk[];
}
