import { DocentError, isRetryableStatus } from "../../errors.js";
import type { Logger } from "../../logging/logger.js";
import { describeAddress } from "./describe-address.js";
import { retryDelay, waitFor } from "./retry-delay.js";

export interface SourceFetchOptions {
  /** The source's name, for sentences and logs. */
  source: string;
  /** Every request's deadline, each try its own. */
  timeoutMs: number;
  /** Tries for a request that fails in a way worth repeating (a 5xx, 408, 429, a network error, a deadline). */
  attempts: number;
  /** Requests in flight at once: the politeness limit. */
  inFlight: number;
  /** The longest Retry-After it waits; a server asking for more fails the request with a sentence. */
  maxWaitMs: number;
  /** The run's signal: cancelling it stops every request and every wait at once. */
  signal?: AbortSignal;
  logger?: Logger;
  /** The fetch underneath (the global one; tests may wrap it). */
  fetch?: typeof fetch;
}

/**
 * fetch, as every document source uses it (directly, or handed to a service's SDK): each try has a deadline; a 5xx,
 * 408, 429 or network failure is tried again after a backoff, or after the Retry-After the server asks for (capped);
 * at most `inFlight` requests run at once; cancelling the run stops them. What still fails is returned as the
 * server's response (the caller turns its status into a sentence with http-failure.ts) or thrown as a DocentError
 * whose sentence names the source and the host, never a credential or a query string.
 */
export function createSourceFetch(options: SourceFetchOptions): typeof fetch {
  const base = options.fetch ?? globalThis.fetch;
  const slots = createSlots(options.inFlight);
  return async (input, init) => {
    const address = describeAddress(input);
    await slots.take(options.signal);
    try {
      return await fetchWithRetries(base, input, init, address, options);
    } finally {
      slots.give();
    }
  };
}

async function fetchWithRetries(
  base: typeof fetch,
  input: Parameters<typeof fetch>[0],
  init: RequestInit | undefined,
  address: string,
  options: SourceFetchOptions,
): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    const last = attempt >= options.attempts;
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signals = [deadline, options.signal, init?.signal].filter((signal) => signal != null);
    let response: Response;
    try {
      const request = input instanceof Request ? input.clone() : input;
      response = await base(request, { ...init, signal: AbortSignal.any(signals) });
    } catch (error) {
      throwIfCancelled(options.signal, init?.signal, error);
      const failure = requestFailure(error, deadline, address, options);
      if (last) throw failure;
      options.logger?.warn(
        { source: options.source, address, attempt, reason: failure.message },
        "source request retried",
      );
      await waitFor(retryDelay(attempt, null), options.signal);
      continue;
    }
    if (last || !isRetryableStatus(response.status) || response.status === 409) return response;
    const delay = retryDelay(attempt, response.headers.get("retry-after"));
    await response.body?.cancel().catch(() => undefined);
    if (delay > options.maxWaitMs) throw tooLongAWait(address, delay, options);
    options.logger?.warn(
      { source: options.source, address, attempt, status: response.status, delayMs: delay },
      "source request retried",
    );
    await waitFor(delay, options.signal);
  }
}

function throwIfCancelled(
  run: AbortSignal | undefined,
  caller: AbortSignal | null | undefined,
  cause: unknown,
): void {
  if (run?.aborted || caller?.aborted) {
    throw new DocentError("CANCELLED", "The sync was cancelled", { cause });
  }
}

function requestFailure(
  error: unknown,
  deadline: AbortSignal,
  address: string,
  options: SourceFetchOptions,
): DocentError {
  const tries = options.attempts === 1 ? "" : ` (${options.attempts} tries)`;
  if (deadline.aborted) {
    return new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${options.source} source: ${address} did not answer within ${options.timeoutMs / 1000} s${tries}`,
      { cause: error, retryable: true },
    );
  }
  const reason = networkReason(error);
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${options.source} source could not reach ${address}${reason}${tries}`,
    { cause: error, retryable: true },
  );
}

/** " (ECONNREFUSED)", from the cause undici puts under its "fetch failed". */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === "string" ? ` (${cause.code})` : "";
}

function tooLongAWait(address: string, delay: number, options: SourceFetchOptions): DocentError {
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${options.source} source: ${address} asks to wait ${Math.ceil(delay / 1000)} s before the next request, ` +
      `longer than the ${options.maxWaitMs / 1000} s docent waits; the next sync tries again`,
    { retryable: true, status: 429 },
  );
}

/** A counting semaphore: at most `count` holders; waiting stops when the signal does. */
function createSlots(count: number) {
  let free = count;
  const waiting: Array<() => void> = [];
  return {
    async take(signal?: AbortSignal): Promise<void> {
      if (signal?.aborted) throw new DocentError("CANCELLED", "The sync was cancelled");
      if (free > 0) {
        free -= 1;
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          waiting.splice(waiting.indexOf(grant), 1);
          reject(new DocentError("CANCELLED", "The sync was cancelled"));
        };
        const grant = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        waiting.push(grant);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    give(): void {
      const next = waiting.shift();
      if (next === undefined) free += 1;
      else next();
    },
  };
}
