import type { Chunk } from "./chunk.js";

/** A document file as the index records it: where it is, its scope, and what it held when it was read. */
export interface IndexedFile {
  /** Path relative to the docs root, forward slashes. */
  source: string;
  scope: string;
  /** sha256 of the file's bytes. */
  hash: string;
  bytes: number;
}

/** A document the ingest loaded and split: what it hands the index store (the ingest's own file type may say more). */
export interface SplitFile<File extends IndexedFile = IndexedFile> {
  file: File;
  title: string;
  chunks: Chunk[];
}
