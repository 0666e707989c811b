import { DocentError, isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import { CallTimeoutError, callWithDeadline, sleep } from "../remote/call-with-deadline.js";
import { computeRetryDelayMs } from "../remote/remote-failure.js";
import { describeEngineFailure } from "./engine-failure.js";

export interface StreamLimits {
  firstTokenTimeoutMs: number;
  /** For the whole generation, retries included (the queue wait is not counted). */
  totalTimeoutMs: number;
  /** Further attempts after a retryable failure, made only while no text has been streamed. */
  maxRetries: number;
}

/** Starts one attempt; the signal aborts when the attempt is given up (timeout, cancel, consumer gone). */
export type StartGeneration = (signal: AbortSignal) => AsyncIterable<string>;

/**
 * Streams one generation with its deadlines, retries and cancellation applied:
 * - no text within firstTokenTimeoutMs of an attempt's start, or not done within totalTimeoutMs: ENGINE_TIMEOUT;
 * - 429 (after Retry-After), 5xx and connection failures are tried again with backoff, but only before the first
 *   text: once text has been streamed, a failure rejects with ENGINE_UNAVAILABLE rather than repeat any of it;
 * - a reply that is not valid JSON, or that holds no text at all: ENGINE_BAD_REPLY;
 * - the caller's signal aborts: CANCELLED, and the attempt's own signal aborts the request underneath.
 */
export async function* streamWithLimits(
  engineId: string,
  start: StartGeneration,
  limits: StreamLimits,
  logger: Logger,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const startedAt = Date.now();
  const totalDeadline = startedAt + limits.totalTimeoutMs;
  let firstTokenMs: number | undefined;
  for (let attempt = 0; ; attempt++) {
    const attemptController = new AbortController();
    const attemptSignal = signal
      ? AbortSignal.any([signal, attemptController.signal])
      : attemptController.signal;
    const iterator = start(attemptSignal)[Symbol.asyncIterator]();
    const attemptDeadline = Date.now() + limits.firstTokenTimeoutMs;
    try {
      for (;;) {
        const deadline =
          firstTokenMs === undefined ? Math.min(attemptDeadline, totalDeadline) : totalDeadline;
        const step = await callWithDeadline(
          () => iterator.next(),
          Math.max(0, deadline - Date.now()),
          signal,
        );
        if (step.done) break;
        if (step.value === "") continue;
        firstTokenMs ??= Date.now() - startedAt;
        yield step.value;
      }
      if (firstTokenMs === undefined) {
        throw new DocentError("ENGINE_BAD_REPLY", `${engineId} answered with no text`);
      }
      logger.debug({
        engine: engineId,
        attempts: attempt + 1,
        firstTokenMs,
        totalMs: Date.now() - startedAt,
      });
      return;
    } catch (error) {
      if (signal?.aborted) throw new DocentError("CANCELLED", "The answer was cancelled", { cause: error });
      if (error instanceof CallTimeoutError) throw timeoutError(engineId, limits, firstTokenMs !== undefined);
      if (isDocentError(error)) throw error;
      const failure = describeEngineFailure(error, engineId, firstTokenMs !== undefined);
      const delayMs = computeRetryDelayMs(attempt, failure.retryAfterMs);
      const lastChance = attempt >= limits.maxRetries || Date.now() + delayMs >= totalDeadline;
      const fields = {
        engine: engineId,
        attempt: attempt + 1,
        status: failure.error.status,
        code: failure.error.code,
      };
      if (!failure.retryable || lastChance) {
        logger.warn({ ...fields, reason: failure.error.message }, "The engine failed");
        throw failure.error;
      }
      logger.warn({ ...fields, delayMs }, "The engine failed before answering; trying again");
      await sleep(delayMs, signal).catch((cause: unknown) => {
        throw new DocentError("CANCELLED", "The answer was cancelled", { cause });
      });
    } finally {
      attemptController.abort();
      iterator.return?.().catch(() => {});
    }
  }
}

function timeoutError(engineId: string, limits: StreamLimits, started: boolean): DocentError {
  const message = started
    ? `${engineId} did not finish its answer within ${limits.totalTimeoutMs} ms`
    : `${engineId} sent no text within ${limits.firstTokenTimeoutMs} ms`;
  return new DocentError("ENGINE_TIMEOUT", message, { retryable: true });
}
