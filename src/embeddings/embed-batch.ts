import { DocentError, isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import { callWithDeadline, cancelledError, sleep } from "../remote/call-with-deadline.js";
import { computeRetryDelayMs, describeFailure } from "../remote/remote-failure.js";
import type { Embedder } from "./embedder.js";

export interface EmbedBatchOptions {
  /** Further attempts after the first, for 408/409/429/5xx, timeouts and connection errors. */
  maxRetries: number;
  /** Deadline for one call to the embedder. */
  timeoutMs: number;
  signal: AbortSignal;
  logger?: Logger | undefined;
}

/**
 * One batch through the embedder: each call has a deadline and is retried with backoff when the failure is
 * transient. The first failure that is not, or that outlasts its retries, rejects with EMBEDDINGS_FAILED; an abort
 * rejects with CANCELLED. The reply is not yet checked (embedding-queue.ts does that).
 */
export async function embedBatch(
  embedder: Embedder,
  batch: string[],
  index: number,
  options: EmbedBatchOptions,
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
