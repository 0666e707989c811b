import type { Embedder, EmbeddingCallSettings } from "../src/embeddings/embedder.js";
import { type EmbeddingQueue, startEmbeddingQueue } from "../src/embeddings/embedding-queue.js";
import type { EmbeddedBatch } from "../src/index-store/index-store.js";
import type { Logger } from "../src/logging/logger.js";
import type { ChunkAnalysis } from "./analyse-chunks.js";
import { ingestCancelled } from "./ingest-cancelled.js";

export interface EmbedChunksOptions {
  embedder: Embedder;
  /** Tokenizes each batch (and embeds it, for an embedder of hashed features) on a worker thread. */
  analysis: ChunkAnalysis;
  /** True when `analysis` computes the vectors (the embedder's hashedFeatures), so the embedder is not called. */
  analysisEmbeds: boolean;
  settings: EmbeddingCallSettings;
  signal?: AbortSignal;
  logger?: Logger;
  /** Each batch, in order, once embedded (and tokenized). */
  onBatch: (batch: EmbeddedBatch) => void;
  onProgress?: (embedded: number, queued: number) => void;
}

/** The embedding queue of one ingest: texts are added as each file is split; a cancel reports the ingest's error. */
export type ChunkEmbedding = EmbeddingQueue;

/**
 * Embedding that runs while files are still being loaded and split, through the embedding queue
 * (src/embeddings/embedding-queue.ts: batches, calls in flight, deadlines, retries, checks, order). Each batch is
 * tokenized for the keyword index while the embedder works on it, or, when the analysis computes the vectors
 * too, only analysed.
 */
export function startEmbeddingChunks(options: EmbedChunksOptions): ChunkEmbedding {
  const { analysis } = options;
  return startEmbeddingQueue<EmbeddedBatch>({
    embedder: options.embedder,
    settings: options.settings,
    signal: options.signal,
    cancelled: ingestCancelled,
    logger: options.logger,
    onBatch: options.onBatch,
    onProgress: options.onProgress,
    embedBatch: async (texts, embed) => {
      if (options.analysisEmbeds) {
        const { terms, vectors } = await analysis.analyse(texts);
        return { terms, vectors: vectors ?? [] };
      }
      const [vectors, { terms }] = await Promise.all([embed(texts), analysis.analyse(texts)]);
      return { terms, vectors };
    },
  });
}
