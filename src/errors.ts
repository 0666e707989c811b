/**
 * One error family for the whole program. Every failure a user or an operator can meet carries a stable code,
 * a retryable flag and (optionally) its cause. Users only ever see the fixed sentence for the code
 * (see friendlyMessage); the error's own message and cause go to the log.
 */
export type ErrorCode =
  | "CONFIG_INVALID"
  | "DOCS_NOT_FOUND"
  | "INDEX_MISSING"
  | "INDEX_INCOMPATIBLE"
  | "INDEX_CORRUPT"
  | "INGEST_LOCKED"
  | "INGEST_FAILED"
  | "FILE_REJECTED"
  | "EMBEDDINGS_FAILED"
  | "DATABASE_UNAVAILABLE"
  | "ENGINE_UNAVAILABLE"
  | "ENGINE_MODEL_MISSING"
  | "ENGINE_TIMEOUT"
  | "ENGINE_BAD_REPLY"
  | "RATE_LIMITED"
  | "NOT_ALLOWED"
  | "CANCELLED"
  | "INTERNAL";

export interface DocentErrorOptions {
  cause?: unknown;
  retryable?: boolean;
  /** HTTP status of a remote call, when there was one. */
  status?: number;
}

export class DocentError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(code: ErrorCode, message: string, options: DocentErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DocentError";
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? (options.status !== undefined && isRetryableStatus(options.status));
  }
}

/** 408, 409, 429 and every 5xx are worth another try; other statuses are not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function isDocentError(error: unknown, code?: ErrorCode): error is DocentError {
  return error instanceof DocentError && (code === undefined || error.code === code);
}

const friendlySentences: Record<ErrorCode, string> = {
  CONFIG_INVALID: "I'm not set up correctly yet. An administrator needs to check my configuration.",
  DOCS_NOT_FOUND: "I can't find the documents folder. An administrator needs to check my configuration.",
  INDEX_MISSING:
    "I don't have any documents indexed yet. An administrator can run `docent ingest` to add them.",
  INDEX_INCOMPATIBLE:
    "My document index needs to be rebuilt. An administrator can run `docent ingest --rebuild`.",
  INDEX_CORRUPT: "My document index could not be read. An administrator can run `docent ingest --rebuild`.",
  INGEST_LOCKED: "A re-index is already running. Please try again when it has finished.",
  INGEST_FAILED: "The re-index did not finish. The previous documents are still being used.",
  FILE_REJECTED: "One of the documents could not be read.",
  EMBEDDINGS_FAILED: "I couldn't search the documents just now. Please try again in a minute.",
  DATABASE_UNAVAILABLE: "I can't reach my document database right now. Please try again in a minute.",
  ENGINE_UNAVAILABLE: "The language model is not reachable right now.",
  ENGINE_MODEL_MISSING:
    "The language model I'm set up to use is not installed on its server. An administrator can run `docent doctor` to see what to fix.",
  ENGINE_TIMEOUT: "The language model took too long to answer.",
  ENGINE_BAD_REPLY: "The language model sent a reply I couldn't use.",
  RATE_LIMITED: "You're asking faster than I can answer. Please wait a moment and try again.",
  NOT_ALLOWED: "Sorry, only administrators can do that.",
  CANCELLED: "The request was cancelled.",
  INTERNAL: "Something went wrong on my side. Please try again.",
};

/** The fixed sentence a user sees for an error. Never the error's own message. */
export function friendlyMessage(error: unknown): string {
  return friendlySentence(isDocentError(error) ? error.code : "INTERNAL");
}

/** The fixed sentence for an error code. */
export function friendlySentence(code: ErrorCode): string {
  return friendlySentences[code];
}
