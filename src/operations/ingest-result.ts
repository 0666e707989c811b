import type { ReindexResult } from "../chat-core/chat-core.js";

/** How an ingest run ended, as /metrics counts it. */
export type IngestResult = "success" | "partial" | "failed" | "skipped";

/** Exit status 0: everything ingested; 2: some files failed (the new generation is live); 3: another run held the lock. */
export function ingestResult(run: Pick<ReindexResult, "exitCode">): IngestResult {
  if (run.exitCode === 0) return "success";
  if (run.exitCode === 2) return "partial";
  if (run.exitCode === 3) return "skipped";
  return "failed";
}
