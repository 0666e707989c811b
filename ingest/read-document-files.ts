import { readFile } from "node:fs/promises";
import { hashBytes } from "../src/documents/content-hash.js";
import type { DocumentFile, FileProblem } from "./list-document-files.js";

export interface ReadDocumentFile extends DocumentFile {
  contents: Buffer;
  hash: string;
}

/** Reads and hashes every listed file; a file that cannot be read is reported, not fatal. */
export async function readDocumentFiles(
  files: readonly DocumentFile[],
): Promise<{ read: ReadDocumentFile[]; failed: FileProblem[] }> {
  const read: ReadDocumentFile[] = [];
  const failed: FileProblem[] = [];
  for (const file of files) {
    try {
      const contents = await readFile(file.absolutePath);
      read.push({ ...file, bytes: contents.length, contents, hash: hashBytes(contents) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === "EACCES" || code === "EPERM" ? "permission denied" : (code ?? String(error));
      failed.push({ source: file.source, reason: `cannot be read: ${reason}` });
    }
  }
  return { read, failed };
}
