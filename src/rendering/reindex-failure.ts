import type { IngestFailureKind } from "../chat-core/ingest-child-protocol.js";

/**
 * Why a re-index failed, in a fixed sentence per kind for the admin who asked in chat: what to fix, no paths or
 * error text (a channel is no place for them); the log line "reindex finished" carries the details.
 */
const reasons: Record<IngestFailureKind, string> = {
  "disk-full": "the disk holding the index is full. Free some space, then re-index again.",
  "read-only": "the index folder is on a read-only file system.",
  "permission-denied": "docent may not write to the index folder (permission denied).",
  "index-corrupt": "the current index could not be read. An administrator can run `docent ingest --rebuild`.",
  "index-incompatible":
    "the index was built with other embedding settings. An administrator can run `docent ingest --rebuild`.",
  "documents-not-found": "the documents folder was not found.",
  "embeddings-failed": "the embedding model could not be reached.",
  "database-unavailable": "the document database could not be reached.",
  configuration: "docent's configuration is invalid.",
  other: "an unexpected error stopped it.",
};

export function describeReindexFailure(kind: IngestFailureKind): string {
  return `The re-index did not finish: ${reasons[kind]} The previous documents are still being used; the log has the details.`;
}
