import { isDocentError } from "../errors.js";
import type { IngestStage } from "../index-store/index-store.js";

/**
 * How `docent ingest --progress-json` (the child process a chat reindex runs) talks to its parent: one JSON line
 * on standard error per progress event, and one for a fatal error; the summary is the --json line on standard
 * output. Written by the CLI, read by runIngestProcess.
 */
/** The key of a machine-readable progress line (`docent ingest --progress-json`, read by the chat core's reindex). */
export const progressLineKey = "ingestProgress";
/** The key of the line that reports a fatal ingest error under `--progress-json`: {"ingestFailure":{code,message}}. */
export const failureLineKey = "ingestFailure";

/** One JSON line per progress event, for a parent process: {"ingestProgress":{"stage":"embedding","done":3,"total":9}}. */
export function createJsonProgressReporter(
  stream: NodeJS.WritableStream,
): (stage: IngestStage, done: number, total: number) => void {
  return (stage, done, total) => {
    stream.write(`${JSON.stringify({ [progressLineKey]: { stage, done, total } })}\n`);
  };
}

/**
 * What kind of failure ended an ingest, for the admin's reply in chat: a fixed sentence per kind says why (the disk
 * is full, the folder may not be written, ...), while the message with paths and details stays in the log.
 */
export type IngestFailureKind =
  | "disk-full"
  | "read-only"
  | "permission-denied"
  | "index-corrupt"
  | "index-incompatible"
  | "documents-not-found"
  | "embeddings-failed"
  | "database-unavailable"
  | "configuration"
  | "other";

const kindsByErrno: Record<string, IngestFailureKind> = {
  ENOSPC: "disk-full",
  EDQUOT: "disk-full",
  EROFS: "read-only",
  EACCES: "permission-denied",
  EPERM: "permission-denied",
};

const kindsByCode: Partial<Record<string, IngestFailureKind>> = {
  INDEX_CORRUPT: "index-corrupt",
  INDEX_INCOMPATIBLE: "index-incompatible",
  DOCS_NOT_FOUND: "documents-not-found",
  EMBEDDINGS_FAILED: "embeddings-failed",
  DATABASE_UNAVAILABLE: "database-unavailable",
  CONFIG_INVALID: "configuration",
};

/** The kind of an ingest's fatal error: a system error code anywhere in its causes first, then its DocentError code. */
export function ingestFailureKind(error: unknown): IngestFailureKind {
  for (let cause = error, depth = 0; cause !== undefined && cause !== null && depth < 8; depth++) {
    const errno = (cause as { code?: unknown }).code;
    if (typeof errno === "string" && kindsByErrno[errno] !== undefined) return kindsByErrno[errno];
    cause = (cause as { cause?: unknown }).cause;
  }
  return (isDocentError(error) ? kindsByCode[error.code] : undefined) ?? "other";
}
