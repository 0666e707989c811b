import type { Logger } from "../logging/logger.js";
import { cancelledError } from "../remote/call-with-deadline.js";
import { embedBatch } from "./embed-batch.js";
import type { Embedder, EmbeddingCallSettings } from "./embedder.js";
import { validateVectors } from "./validate-vectors.js";

/** Calls the embedder on these texts (deadline, retries) and returns its reply once checked. */
export type EmbedTexts = (texts: string[]) => Promise<number[][]>;

export interface EmbeddingQueueOptions<Batch> {
  embedder: Embedder;
  settings: EmbeddingCallSettings;
  /** What one batch of texts becomes (the ingest adds each chunk's terms); `embed` calls the embedder. */
  embedBatch: (texts: string[], embed: EmbedTexts) => Promise<Batch>;
  /** Each batch, in the order its texts were added, once it and those before it are done. */
  onBatch: (batch: Batch) => void;
  onProgress?: ((embedded: number, queued: number) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** The error a cancel through `signal` rejects with; CANCELLED "Embedding was cancelled" by default. */
  cancelled?: () => unknown;
  logger?: Logger | undefined;
}

export interface EmbeddingQueue {
  /** Queues texts; a batch starts as soon as it is full and a slot is free. */
  add(texts: readonly string[]): void;
  /** No more texts: the last batch starts. */
  end(): void;
  /** Stops the run with this error (no new batch starts). */
  stop(error: unknown): void;
  /** Aborted when the run stops (a failure or a cancel): whatever feeds the queue can stop too. */
  readonly signal: AbortSignal;
  /** Settles once every batch was handed to onBatch; rejects with the first failure. */
  readonly done: Promise<void>;
}

/**
 * The one way texts reach an embedder, for the ingest and everything else: texts are queued as they come, cut into
 * batches of the batch size (at most the embedder's maxBatchSize), at most `concurrency` batches in flight (one
 * for an embedder without parallel calls), each call with its deadline and retries (embed-batch.ts), each reply
 * checked (one finite vector per text, one dimension throughout), and the batches handed on in order. The first
 * failure stops the run: no new batch starts and `done` rejects with it; a cancel rejects at once.
 */
export function startEmbeddingQueue<Batch>(options: EmbeddingQueueOptions<Batch>): EmbeddingQueue {
  const { embedder, settings } = options;
  const { maxBatchSize, parallelCalls } = embedder.capabilities;
  const batchSize = Math.max(1, Math.min(settings.batchSize, maxBatchSize));
  const concurrency = parallelCalls ? Math.max(1, settings.concurrency) : 1;
  const run = new AbortController();
  const queued: string[] = [];
  const output = deliverInOrder(options);
  const embed = checkedCalls(options, run.signal);
  let ended = false;
  let started = 0;
  let inFlight = 0;
  const { done, resolve, reject } = promiseToSettle();

  const stop = (error: unknown) => {
    if (run.signal.aborted) return;
    run.abort();
    reject(error);
  };
  const onAbort = () => stop((options.cancelled ?? cancelledError)());
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  const pump = () => {
    while (!run.signal.aborted && inFlight < concurrency) {
      if (queued.length < batchSize && !(ended && queued.length > 0)) break;
      const index = started++;
      const texts = queued.splice(0, batchSize);
      inFlight++;
      options
        .embedBatch(texts, (some) => embed(some, index))
        .then((batch) => {
          if (run.signal.aborted) return;
          inFlight--;
          try {
            output.finish(index, batch, texts.length);
          } catch (error) {
            stop(error);
          }
          pump();
        }, stop);
    }
    if (ended && inFlight === 0 && queued.length === 0 && !run.signal.aborted) {
      options.signal?.removeEventListener("abort", onAbort);
      resolve();
    }
  };

  return {
    add(texts) {
      if (ended || run.signal.aborted) return;
      queued.push(...texts);
      output.queue(texts.length);
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

/** Calls to the embedder, each reply checked against the first one's dimension (or the advertised one). */
function checkedCalls(
  options: Pick<EmbeddingQueueOptions<unknown>, "embedder" | "settings" | "logger">,
  signal: AbortSignal,
) {
  const { embedder } = options;
  let dimension = embedder.capabilities.dimensions;
  return async (texts: string[], index: number): Promise<number[][]> => {
    const callOptions = { ...options.settings, signal, logger: options.logger };
    const reply = await embedBatch(embedder, texts, index, callOptions);
    const vectors = validateVectors(reply, texts.length, dimension, embedder.id);
    dimension ??= vectors[0]?.length;
    return vectors;
  };
}

/** Hands batches to onBatch in the order they were started, whatever the order they finish in. */
function deliverInOrder<Batch>(options: EmbeddingQueueOptions<Batch>) {
  const finished = new Map<number, { batch: Batch; size: number }>();
  let delivered = 0;
  let embedded = 0;
  let queued = 0;
  return {
    queue(count: number) {
      queued += count;
    },
    finish(index: number, batch: Batch, size: number) {
      finished.set(index, { batch, size });
      for (let entry = finished.get(delivered); entry !== undefined; entry = finished.get(delivered)) {
        finished.delete(delivered++);
        embedded += entry.size;
        options.onBatch(entry.batch);
        options.onProgress?.(embedded, queued);
      }
    },
  };
}

function promiseToSettle() {
  let resolve = () => {};
  let reject = (_error: unknown) => {};
  const done = new Promise<void>((resolveDone, rejectDone) => {
    resolve = resolveDone;
    reject = rejectDone;
  });
  // A run nobody awaits yet (the ingest awaits it after loading) must not count as an unhandled rejection.
  done.catch(() => {});
  return { done, resolve, reject };
}

export interface EmbedAllOptions extends EmbeddingCallSettings {
  signal?: AbortSignal | undefined;
  onProgress?: ((embedded: number, total: number) => void) | undefined;
  logger?: Logger | undefined;
}

/** All of `texts` through the queue above at once: their vectors, in input order. */
export async function embedAll(
  embedder: Embedder,
  texts: string[],
  options: EmbedAllOptions,
): Promise<number[][]> {
  const vectors: number[][] = [];
  const queue = startEmbeddingQueue({
    embedder,
    settings: options,
    embedBatch: (batch, embed) => embed(batch),
    onBatch: (batch) => {
      for (const vector of batch) vectors.push(vector);
    },
    onProgress: options.onProgress,
    signal: options.signal,
    logger: options.logger,
  });
  queue.add(texts);
  queue.end();
  await queue.done;
  return vectors;
}
