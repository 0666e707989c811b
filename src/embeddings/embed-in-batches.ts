import { DocentError, isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import { callWithDeadline, cancelledError, sleep, throwIfCancelled } from "../remote/call-with-deadline.js";
import { computeRetryDelayMs, describeFailure } from "../remote/remote-failure.js";
import type { Embedder } from "./embedder.js";
import { validateVectors } from "./validate-vectors.js";

export interface EmbedInBatchesOptions {
  batchSize: number;
  /** How many batches may be in flight at once. */
  concurrency: number;
  /** Further attempts per batch after the first, for 408/409/429/5xx, timeouts and connection errors. */
  maxRetries: number;
  /** Deadline for one call to the embedder. */
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (embedded: number, total: number) => void;
  logger?: Logger;
}

/**
 * Embeds texts in batches, at most `concurrency` batches at a time, and returns the vectors in input order.
 * Each call has a deadline and is retried with backoff when the failure is transient. The first failure that
 * is not, or that outlasts its retries, stops the run (no new batch starts) and rejects with EMBEDDINGS_FAILED;
 * an abort rejects at once with CANCELLED.
 */
export async function embedInBatches(
  embedder: Embedder,
  texts: string[],
  options: EmbedInBatchesOptions,
): Promise<number[][]> {
  throwIfCancelled(options.signal);
  const batches = splitIntoBatches(texts, Math.max(1, options.batchSize));
  const results: number[][][] = [];
  const run = new AbortController();
  const cancelRun = () => run.abort();
  options.signal?.addEventListener("abort", cancelRun, { once: true });
  let nextBatch = 0;
  let embedded = 0;
  let dimension: number | undefined;

  const work = async () => {
    while (nextBatch < batches.length && !run.signal.aborted) {
      const index = nextBatch++;
      const batch = batches[index] ?? [];
      const reply = await embedBatch(embedder, batch, index, { ...options, signal: run.signal });
      const vectors = validateVectors(reply, batch.length, dimension, embedder.id);
      dimension ??= vectors[0]?.length;
      results[index] = vectors;
      embedded += batch.length;
      options.onProgress?.(embedded, texts.length);
    }
  };

  let firstFailure: unknown;
  const stopRun = (error: unknown) => {
    firstFailure ??= error;
    run.abort();
  };
  try {
    const workerCount = Math.min(Math.max(1, options.concurrency), batches.length);
    await Promise.all(Array.from({ length: workerCount }, () => work().catch(stopRun)));
    if (firstFailure !== undefined) throw firstFailure;
    throwIfCancelled(options.signal);
    return results.flat();
  } finally {
    options.signal?.removeEventListener("abort", cancelRun);
    run.abort();
  }
}

/** One batch through the embedder, with the deadline and retries described above; the reply is not yet checked. */
export async function embedBatch(
  embedder: Embedder,
  batch: string[],
  index: number,
  options: Omit<EmbedInBatchesOptions, "concurrency" | "batchSize"> & { signal: AbortSignal },
): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await callWithDeadline(() => embedder.embedDocuments(batch), options.timeoutMs, options.signal);
    } catch (error) {
      if (isDocentError(error, "CANCELLED") || options.signal.aborted) throw cancelledError();
      const failure = describeFailure(error);
      const attempts = attempt + 1;
      if (!failure.retryable || attempt >= options.maxRetries) {
        const tries = failure.retryable ? `after ${attempts} attempts` : "(not retried)";
        throw new DocentError(
          "EMBEDDINGS_FAILED",
          `Embedding with ${embedder.id} failed: ${failure.reason} ${tries}`,
          {
            cause: error,
            status: failure.status,
            retryable: failure.retryable,
          },
        );
      }
      const delayMs = computeRetryDelayMs(attempt, failure.retryAfterMs);
      options.logger?.warn(
        { embedder: embedder.id, batch: index, attempt: attempts, status: failure.status, delayMs },
        `Embedding batch failed (${failure.reason}); retrying`,
      );
      await sleep(delayMs, options.signal);
    }
  }
}

function splitIntoBatches(texts: string[], batchSize: number): string[][] {
  const batches: string[][] = [];
  for (let start = 0; start < texts.length; start += batchSize)
    batches.push(texts.slice(start, start + batchSize));
  return batches;
}
