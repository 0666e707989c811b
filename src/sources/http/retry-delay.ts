import { DocentError } from "../../errors.js";

const firstDelayMs = 500;
const longestBackoffMs = 30_000;

/**
 * How long to wait before try number `attempt + 1`: what the server's Retry-After says (seconds, or an HTTP date),
 * or else an exponential backoff with jitter (0.5 s, 1 s, 2 s, ... up to 30 s, each between half and all of it).
 */
export function retryDelay(attempt: number, retryAfter: string | null): number {
  const asked = parseRetryAfter(retryAfter);
  if (asked !== null) return asked;
  const ceiling = Math.min(longestBackoffMs, firstDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Retry-After in milliseconds, or null when absent or unreadable (RFC 9110: delay-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Waits, unless the signal stops first (then rejects as cancelled). */
export function waitFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DocentError("CANCELLED", "The sync was cancelled"));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DocentError("CANCELLED", "The sync was cancelled"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
