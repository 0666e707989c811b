import { embedBatch } from "../src/embeddings/embed-in-batches.js";
import type { Embedder } from "../src/embeddings/embedder.js";
import { validateVectors } from "../src/embeddings/validate-vectors.js";
import type { EmbeddedBatch } from "../src/index-store/index-store.js";
import type { Logger } from "../src/logging/logger.js";
import type { ChunkAnalysis } from "./analyse-chunks.js";
import { ingestCancelled } from "./ingest-cancelled.js";

export interface EmbedChunksOptions {
  embedder: Embedder;
  /** Tokenizes each batch (and embeds it, for the local embedder) on a worker thread. */
  analysis: ChunkAnalysis;
  /** True when `analysis` computes the vectors (the local embedder), so the embedder is not called. */
  analysisEmbeds: boolean;
  settings: { batchSize: number; concurrency: number; maxRetries: number; timeoutMs: number };
  signal?: AbortSignal;
  logger?: Logger;
  /** Each batch, in order, once embedded (and tokenized). */
  onBatch: (batch: EmbeddedBatch) => void;
  onProgress?: (embedded: number, queued: number) => void;
}

export interface ChunkEmbedding {
  /** Queues the index texts of the next chunks; a batch starts as soon as it is full and a slot is free. */
  add(texts: readonly string[]): void;
  /** No more texts: the last batch starts. */
  end(): void;
  /** Stops the run with this error (no new batch starts). */
  stop(error: unknown): void;
  /** Aborted when the run stops (a failure or a cancel): the stages feeding it stop too. */
  readonly signal: AbortSignal;
  /** Settles once every batch was handed to onBatch; rejects with the first failure. */
  readonly done: Promise<void>;
}

/**
 * Embedding that runs while files are still being loaded and split: texts are queued as each file is split,
 * cut into batches of `batchSize`, at most `concurrency` in flight (embedInBatches' deadline and retries for each
 * call to a remote embedder), and each batch is handed on in order as soon as it and those before it are done.
 */
export function startEmbeddingChunks(options: EmbedChunksOptions): ChunkEmbedding {
  const { batchSize, concurrency } = options.settings;
  const run = new AbortController();
  const queued: string[] = [];
  const finished = new Map<number, EmbeddedBatch>();
  let ended = false;
  let started = 0;
  let delivered = 0;
  let inFlight = 0;
  let total = 0;
  let embedded = 0;
  let dimension: number | undefined;
  let settle = { resolve: () => {}, reject: (_error: unknown) => {} };
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  done.catch(() => {});

  const stop = (error: unknown) => {
    if (run.signal.aborted) return;
    run.abort();
    settle.reject(error);
  };
  const onAbort = () => stop(ingestCancelled());
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  const embedOne = async (texts: string[], index: number): Promise<EmbeddedBatch> => {
    if (options.analysisEmbeds) {
      const { terms, vectors } = await options.analysis.analyse(texts);
      return { terms, vectors: vectors ?? [] };
    }
    const callOptions = { ...options.settings, signal: run.signal, logger: options.logger };
    const [reply, { terms }] = await Promise.all([
      embedBatch(options.embedder, texts, index, callOptions),
      options.analysis.analyse(texts),
    ]);
    const vectors = validateVectors(reply, texts.length, dimension, options.embedder.id);
    dimension ??= vectors[0]?.length;
    return { terms, vectors };
  };

  const deliver = () => {
    for (let batch = finished.get(delivered); batch !== undefined; batch = finished.get(delivered)) {
      finished.delete(delivered++);
      embedded += batch.vectors.length;
      options.onBatch(batch);
      options.onProgress?.(embedded, total);
    }
  };

  const pump = () => {
    while (!run.signal.aborted && inFlight < concurrency) {
      if (queued.length < batchSize && !(ended && queued.length > 0)) break;
      const index = started++;
      inFlight++;
      embedOne(queued.splice(0, batchSize), index).then((batch) => {
        if (run.signal.aborted) return;
        inFlight--;
        finished.set(index, batch);
        try {
          deliver();
        } catch (error) {
          stop(error);
        }
        pump();
      }, stop);
    }
    if (ended && inFlight === 0 && queued.length === 0 && !run.signal.aborted) {
      options.signal?.removeEventListener("abort", onAbort);
      settle.resolve();
    }
  };

  return {
    add(texts) {
      if (ended || run.signal.aborted) return;
      queued.push(...texts);
      total += texts.length;
      pump();
    },
    end() {
      ended = true;
      pump();
    },
    stop,
    signal: run.signal,
    done,
  };
}
