import { DocentError } from "../errors.js";

/** Thrown when one call takes longer than its deadline; classified as a retryable timeout. */
export class CallTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`No reply within ${timeoutMs} ms`);
    this.name = "TimeoutError";
  }
}

export function cancelledError(): DocentError {
  return new DocentError("CANCELLED", "Embedding was cancelled");
}

/**
 * Runs a call that cannot itself be aborted (LangChain's Embeddings take no AbortSignal) and settles as soon as
 * it finishes, the deadline passes (CallTimeoutError) or the signal aborts (DocentError CANCELLED). A call that
 * loses the race keeps running in the background and its result is dropped; the HTTP clients carry their own
 * timeout, so it does not linger past the deadline.
 */
export function callWithDeadline<T>(
  call: () => Promise<T>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = () => settle(() => reject(cancelledError()));
    const timer = setTimeout(() => settle(() => reject(new CallTimeoutError(timeoutMs))), timeoutMs);
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      finish();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    Promise.resolve()
      .then(call)
      .then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(error)),
      );
  });
}

/** Waits, or rejects with DocentError CANCELLED as soon as the signal aborts. */
export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
