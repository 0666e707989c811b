import type { Chunk, LoadedDocument } from "../src/documents/chunk.js";
import type { FileProblem, SplitFile } from "../src/documents/split-file.js";
import { ingestCancelled } from "./ingest-cancelled.js";
import { defaultIngestLimits, type IngestLimits } from "./ingest-limits.js";
import type { ListedDocument } from "./list-sources.js";
import { createLoadSandbox, type LoadOutcome } from "./load-sandbox.js";
import { splitDocument } from "./split-document.js";

export interface LoadOptions {
  limits?: IngestLimits;
  signal?: AbortSignal;
  /** Each document as soon as it is split (the ingest starts embedding its chunks while the next one loads). */
  onSplit?: (file: SplitFile<ListedDocument>) => void;
}

/**
 * Reads each document from its source, loads it (in the load sandbox: bounded time and memory, the loader chosen by
 * its media type) and splits it, one after the other, so that only one document's bytes are held at a time beyond
 * what its source keeps. A document that cannot be read or loaded is reported with its reason and the run goes on;
 * one with nothing to index (a redirect stub) is skipped. A title the source gives wins over the document's own.
 */
export async function loadAndSplit(
  files: readonly ListedDocument[],
  chunking: { chunkSize: number; chunkOverlap: number },
  onFile?: (done: number) => void,
  options: LoadOptions = {},
): Promise<{ split: SplitFile<ListedDocument>[]; failed: FileProblem[]; empty: ListedDocument[] }> {
  const split: SplitFile<ListedDocument>[] = [];
  const failed: FileProblem[] = [];
  const empty: ListedDocument[] = [];
  const sandbox = createLoadSandbox(options.limits ?? defaultIngestLimits, options.signal);
  try {
    for (const [index, listed] of files.entries()) {
      if (options.signal?.aborted) throw ingestCancelled();
      const read = await readDocument(listed, options.signal);
      if (typeof read === "string") {
        failed.push({ source: listed.source, reason: read });
        onFile?.(index + 1);
        continue;
      }
      const file = { ...listed, bytes: read.length };
      const loaded: LoadOutcome = await sandbox.load(file.source, read, file.document.mediaType);
      if (loaded.outcome === "loaded") {
        const title = file.document.title ?? loaded.document.title;
        const chunks = splitLoaded(file, { ...loaded.document, title }, chunking);
        if (typeof chunks === "string") failed.push({ source: file.source, reason: chunks });
        else {
          split.push({ file, title, chunks });
          options.onSplit?.({ file, title, chunks });
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

/** A document's bytes from its source, or the reason they cannot be had. */
async function readDocument(
  listed: ListedDocument,
  signal: AbortSignal | undefined,
): Promise<Buffer | string> {
  try {
    return await listed.from.read(listed.document, signal);
  } catch (error) {
    if (signal?.aborted) throw ingestCancelled();
    return error instanceof Error ? error.message : String(error);
  }
}

/** The chunks of a loaded document, or the reason it has none. */
function splitLoaded(
  file: ListedDocument,
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
