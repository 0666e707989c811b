import type { Embedder } from "../src/embeddings/embedder.js";
import type { EmbeddedBatch } from "../src/index-store/index-store.js";
import type { Logger } from "../src/logging/logger.js";
import { chunkIndexText } from "../src/retrieval/index-text.js";
import { startChunkAnalysis } from "./analyse-chunks.js";
import { startEmbeddingChunks } from "./embed-chunks.js";
import type { IngestLimits } from "./ingest-limits.js";
import type { ListedDocument } from "./list-sources.js";
import { loadAndSplit } from "./load-and-split.js";

/** From this many files, tokenizing (and local embedding) runs on a worker thread: starting one costs more than a few files' work. */
const filesForWorker = 16;

export interface LoadSplitAndEmbedOptions {
  chunking: { chunkSize: number; chunkOverlap: number };
  limits: IngestLimits;
  embedder: Embedder;
  embedding: { batchSize: number; concurrency: number; maxRetries: number; timeoutMs: number };
  logger: Logger;
  signal?: AbortSignal;
  /** Each embedded batch, in the order of split.flatMap((file) => file.chunks). */
  onBatch: (batch: EmbeddedBatch) => void;
  onLoaded?: (done: number) => void;
  onEmbedded?: (done: number, queued: number) => void;
}

/**
 * Loads and splits the files while their chunks are embedded: each file's chunks are queued for embedding as soon
 * as it is split, and each embedded batch is handed on (to the store, which indexes it) while the next ones are
 * embedded. Tokenizing (and the local embedder) runs on a worker thread. The first failure of either side stops
 * both; an embedding failure is the one reported.
 */
export async function loadSplitAndEmbed(files: readonly ListedDocument[], options: LoadSplitAndEmbedOptions) {
  const local = options.embedder.capabilities.hashedFeatures?.dimensions ?? null;
  const analysis = startChunkAnalysis(local, files.length >= filesForWorker);
  let dimensions: number | undefined;
  const embedding = startEmbeddingChunks({
    embedder: options.embedder,
    analysis,
    analysisEmbeds: local !== null,
    settings: options.embedding,
    signal: options.signal,
    logger: options.logger,
    onBatch: (batch) => {
      dimensions ??= batch.vectors[0]?.length;
      options.onBatch(batch);
    },
    onProgress: options.onEmbedded,
  });
  try {
    const loading = loadAndSplit(files, options.chunking, options.onLoaded, {
      limits: options.limits,
      signal: embedding.signal,
      onSplit: (file) => embedding.add(file.chunks.map(chunkIndexText)),
    }).then(
      (loaded) => {
        embedding.end();
        return loaded;
      },
      (error: unknown) => {
        embedding.stop(error);
        throw error;
      },
    );
    const [loaded, embedded] = await Promise.allSettled([loading, embedding.done]);
    if (embedded.status === "rejected") throw embedded.reason;
    if (loaded.status === "rejected") throw loaded.reason;
    return { ...loaded.value, dimensions };
  } finally {
    await analysis.close();
  }
}
