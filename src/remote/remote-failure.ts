import { isRetryableStatus } from "../errors.js";

/**
 * What went wrong with one call to a model server (embeddings or chat), read from whatever the client threw: the OpenAI SDK's APIError
 * (status, headers), Ollama's ResponseError (status_code), fetch's TypeError with a socket error as its cause,
 * or a timeout. The reason is safe to log and to put in an error message: it never carries the server's text.
 */
export interface RemoteFailure {
  retryable: boolean;
  status: number | undefined;
  /** How long the server asked us to wait (Retry-After or retry-after-ms), when it said. */
  retryAfterMs: number | undefined;
  reason: string;
}

const transientSocketCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

const socketCodePattern = /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/;

const timeoutNames = new Set(["TimeoutError", "APIConnectionTimeoutError"]);

export function describeFailure(error: unknown): RemoteFailure {
  const status = readNumber(error, "status") ?? readNumber(error, "status_code");
  if (status !== undefined) {
    return {
      retryable: isRetryableStatus(status),
      status,
      retryAfterMs: readRetryAfterMs(error),
      reason: `HTTP ${status}`,
    };
  }
  const none = { status: undefined, retryAfterMs: undefined };
  if (causeChain(error).some((link) => timeoutNames.has(readString(link, "name") ?? ""))) {
    return { ...none, retryable: true, reason: "timed out" };
  }
  const socketCode = causeChain(error)
    .map((link) => readString(link, "code"))
    .find((code) => code !== undefined && socketCodePattern.test(code));
  if (socketCode !== undefined) {
    const label = socketCode === "ECONNREFUSED" ? "connection refused" : "connection failed";
    return { ...none, retryable: transientSocketCodes.has(socketCode), reason: `${label} (${socketCode})` };
  }
  if (causeChain(error).some((link) => readString(link, "name") === "APIConnectionError")) {
    return { ...none, retryable: true, reason: "connection failed" };
  }
  if (error instanceof SyntaxError)
    return { ...none, retryable: false, reason: "the reply was not valid JSON" };
  const name = readString(error, "name") ?? typeof error;
  return { ...none, retryable: false, reason: `unexpected ${name}` };
}

/** Exponential backoff with jitter (half fixed, half random), capped; a server's Retry-After wins. */
export function computeRetryDelayMs(attempt: number, retryAfterMs: number | undefined): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, maxRetryAfterMs);
  const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

const baseBackoffMs = 500;
const maxBackoffMs = 30_000;
const maxRetryAfterMs = 120_000;

/** Reads retry-after-ms (OpenAI) or Retry-After (seconds or an HTTP date) from an error's response headers. */
export function readRetryAfterMs(error: unknown): number | undefined {
  const headers =
    typeof error === "object" && error !== null && "headers" in error ? error.headers : undefined;
  const milliseconds = Number(readHeader(headers, "retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const retryAfter = readHeader(headers, "retry-after");
  if (retryAfter === undefined || retryAfter.trim() === "") return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function readHeader(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (typeof headers !== "object" || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let link = error; link !== undefined && link !== null && chain.length < 6; ) {
    chain.push(link);
    link = typeof link === "object" && "cause" in link ? link.cause : undefined;
  }
  return chain;
}

function readNumber(value: unknown, key: string): number | undefined {
  if (typeof value !== "object" || value === null || !(key in value)) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "number" && Number.isInteger(field) ? field : undefined;
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null || !(key in value)) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}
