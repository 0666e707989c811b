import type { Chunk, LoadedDocument } from "../src/documents/chunk.js";
import type { SplitFile } from "../src/documents/split-file.js";
import { ingestCancelled } from "./ingest-cancelled.js";
import { defaultIngestLimits, type IngestLimits } from "./ingest-limits.js";
import type { FileProblem } from "./list-document-files.js";
import { createLoadSandbox } from "./load-sandbox.js";
import type { ReadDocumentFile } from "./read-document-files.js";
import { splitDocument } from "./split-document.js";

export interface LoadOptions {
  limits?: IngestLimits;
  signal?: AbortSignal;
  /** Each file as soon as it is split (the ingest starts embedding its chunks while the next file loads). */
  onSplit?: (file: SplitFile<ReadDocumentFile>) => void;
}

/**
 * Loads (in the load sandbox: bounded time and memory) and splits each file. A file that cannot be loaded is
 * reported with its reason and the run goes on; a file with nothing to index (a redirect stub) is skipped.
 */
export async function loadAndSplit(
  files: readonly ReadDocumentFile[],
  chunking: { chunkSize: number; chunkOverlap: number },
  onFile?: (done: number) => void,
  options: LoadOptions = {},
): Promise<{ split: SplitFile<ReadDocumentFile>[]; failed: FileProblem[]; empty: ReadDocumentFile[] }> {
  const split: SplitFile<ReadDocumentFile>[] = [];
  const failed: FileProblem[] = [];
  const empty: ReadDocumentFile[] = [];
  const sandbox = createLoadSandbox(options.limits ?? defaultIngestLimits, options.signal);
  try {
    for (const [index, file] of files.entries()) {
      if (options.signal?.aborted) throw ingestCancelled();
      const loaded = await sandbox.load(file.source, file.contents);
      if (loaded.outcome === "loaded") {
        const chunks = splitLoaded(file, loaded.document, chunking);
        if (typeof chunks === "string") failed.push({ source: file.source, reason: chunks });
        else {
          split.push({ file, title: loaded.document.title, chunks });
          options.onSplit?.({ file, title: loaded.document.title, chunks });
        }
      } else if (loaded.outcome === "empty") {
        empty.push(file);
      } else {
        failed.push({ source: file.source, reason: loaded.reason });
      }
      onFile?.(index + 1);
    }
  } finally {
    await sandbox.close();
  }
  return { split, failed, empty };
}

/** The chunks of a loaded document, or the reason it has none. */
function splitLoaded(
  file: ReadDocumentFile,
  document: LoadedDocument,
  chunking: { chunkSize: number; chunkOverlap: number },
): Chunk[] | string {
  try {
    const chunks = splitDocument(document, { source: file.source, scope: file.scope }, chunking);
    return chunks.length === 0 ? "the document is empty (no text)" : chunks;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
