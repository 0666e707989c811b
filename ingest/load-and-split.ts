import type { Chunk, LoadedDocument } from "../src/documents/chunk.js";
import type { FileProblem, SplitFile } from "../src/documents/split-file.js";
import { ingestCancelled } from "./ingest-cancelled.js";
import type { ListedDocument } from "./list-sources.js";
import { createLoadSandbox, type LoadOutcome, type LoadSandbox } from "./load-sandbox.js";
import { defaultIngestLimits, type IngestLimits } from "./loaders/ingest-limits.js";
import { type ReadOutcome, startReadAhead } from "./read-ahead.js";
import { splitDocument } from "./split-document.js";

export interface LoadOptions {
  limits?: IngestLimits;
  signal?: AbortSignal;
  /** Each document as soon as it is split (the ingest starts embedding its chunks while the next one loads). */
  onSplit?: (file: SplitFile<ListedDocument>) => void;
}

export interface LoadResult {
  split: SplitFile<ListedDocument>[];
  failed: FileProblem[];
  empty: ListedDocument[];
}

/**
 * Reads each document from its source, loads it (in the load sandbox: bounded time and memory, the loader chosen by
 * its media type) and splits it. The reads run ahead (read-ahead.ts: up to each source's `readsInFlight` at once,
 * so a remote source's latency overlaps), while loading and splitting take the documents in listing order, so that
 * the chunks, the reports and the progress come in the same order as reading one after the other would give; only
 * the documents being read or waiting to be loaded are held in memory beyond what their source keeps. A document
 * that cannot be read or loaded is reported with its reason and the run goes on; one with nothing to index (a
 * redirect stub) is skipped. A title the source gives wins over the document's own.
 */
export async function loadAndSplit(
  files: readonly ListedDocument[],
  chunking: { chunkSize: number; chunkOverlap: number },
  onFile?: (done: number) => void,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const result: LoadResult = { split: [], failed: [], empty: [] };
  const sandbox = createLoadSandbox(options.limits ?? defaultIngestLimits, options.signal);
  const reads = startReadAhead(files, options.signal);
  try {
    for (const [index, listed] of files.entries()) {
      if (options.signal?.aborted) throw ingestCancelled();
      try {
        const read = await reads.take(index);
        await loadOne(listed, read, { sandbox, chunking, options, result });
      } finally {
        reads.release(index);
      }
      onFile?.(index + 1);
    }
  } finally {
    reads.stop();
    await sandbox.close();
  }
  return result;
}

interface LoadStep {
  sandbox: LoadSandbox;
  chunking: { chunkSize: number; chunkOverlap: number };
  options: LoadOptions;
  result: LoadResult;
}

/** One read document loaded and split, its outcome added where it belongs (split, failed or empty). */
async function loadOne(listed: ListedDocument, read: ReadOutcome, step: LoadStep): Promise<void> {
  const { split, failed, empty } = step.result;
  if (typeof read === "string") {
    failed.push({ source: listed.source, reason: read });
    return;
  }
  const file = { ...listed, bytes: read.length };
  const loaded: LoadOutcome = await step.sandbox.load(file.source, read, file.document.mediaType);
  if (loaded.outcome === "loaded") {
    const title = file.document.title ?? loaded.document.title;
    const chunks = splitLoaded(file, { ...loaded.document, title }, step.chunking);
    if (typeof chunks === "string") failed.push({ source: file.source, reason: chunks });
    else {
      split.push({ file, title, chunks });
      step.options.onSplit?.({ file, title, chunks });
    }
  } else if (loaded.outcome === "empty") {
    empty.push(file);
  } else {
    failed.push({ source: file.source, reason: loaded.reason });
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
