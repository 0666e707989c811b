import type { Chunk } from "../src/documents/chunk.js";
import { isDocentError } from "../src/errors.js";
import type { FileProblem } from "./list-document-files.js";
import { loadDocument } from "./load-document.js";
import { FileWithoutContent } from "./loaders/reject-file.js";
import type { ReadDocumentFile } from "./read-document-files.js";
import { splitDocument } from "./split-document.js";

export interface SplitFile {
  file: ReadDocumentFile;
  title: string;
  chunks: Chunk[];
}

/**
 * Loads and splits each file; a file that cannot be loaded is reported with its reason and the run goes on; a file
 * with nothing to index (a redirect stub) is skipped.
 */
export async function loadAndSplit(
  files: readonly ReadDocumentFile[],
  chunking: { chunkSize: number; chunkOverlap: number },
  onFile?: (done: number) => void,
): Promise<{ split: SplitFile[]; failed: FileProblem[]; empty: ReadDocumentFile[] }> {
  const split: SplitFile[] = [];
  const failed: FileProblem[] = [];
  const empty: ReadDocumentFile[] = [];
  for (const [index, file] of files.entries()) {
    try {
      const document = await loadDocument(file.source, file.contents);
      const chunks = splitDocument(document, { source: file.source, scope: file.scope }, chunking);
      if (chunks.length === 0) throw new Error("the document is empty (no text)");
      split.push({ file, title: document.title, chunks });
    } catch (error) {
      if (error instanceof FileWithoutContent) {
        empty.push(file);
        onFile?.(index + 1);
        continue;
      }
      const reason = isDocentError(error) || error instanceof Error ? error.message : String(error);
      failed.push({ source: file.source, reason });
    }
    onFile?.(index + 1);
  }
  return { split, failed, empty };
}
