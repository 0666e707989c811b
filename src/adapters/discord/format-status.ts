import type { ReindexProgress, ReindexResult, StatusReport } from "../../chat-core/chat-core.js";

/**
 * /status and /reindex replies in Discord markdown: counts, ids and times only, never document text. The status
 * holds only the scopes the asker may search (the core filtered them).
 */
export function formatStatus(status: StatusReport): string {
  const scopes = Object.entries(status.scopes)
    .map(([scope, chunks]) => `${scope} (${chunks})`)
    .join(", ");
  const documents = Object.entries(status.documentsByScope)
    .map(([scope, count]) => `${scope} (${count})`)
    .join(", ");
  const engine = status.engineReachable;
  const reachable = engine.reachable
    ? "answering"
    : `not reachable${engine.detail ? ` (${engine.detail})` : ""}`;
  const lines = [
    "**docent status**",
    `Documents: ${status.documents}, passages: ${status.chunks}${scopes ? ` (${scopes})` : ""}`,
    ...(documents ? [`Documents by scope: ${documents}`] : []),
    `Index: ${status.generation ?? "none"}${status.indexBuiltAt ? `, built ${timestamp(status.indexBuiltAt)}` : ""}`,
    `Embedder: ${status.embedder ?? "none yet"}`,
    `Engine: ${status.engine}, ${reachable}, questions waiting: ${status.queueLength}`,
    `Platforms: ${status.platforms.join(", ") || "none"}`,
  ];
  const last = status.lastIngest;
  if (last !== null) {
    lines.push(
      `Last ingest ${timestamp(last.finishedAt)}: ${last.added} added, ${last.updated} updated, ${last.removed} removed, ${last.unchanged} unchanged, ${last.failed} failed`,
    );
  }
  if (status.reindexRunning) lines.push("A re-index is running.");
  return lines.join("\n");
}

export function formatReindexProgress(progress: ReindexProgress): string {
  const counts = progress.total > 0 ? ` ${progress.done}/${progress.total}` : "";
  return `Re-indexing… ${progress.stage}${counts}`;
}

export function formatReindexResult(result: ReindexResult): string {
  const summary = result.summary;
  if (summary === null || (result.exitCode !== 0 && result.exitCode !== 2)) {
    return "The re-index did not finish. The previous documents are still being used.";
  }
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const lines = [
    `Re-index done in ${seconds} s: ${summary.added} added, ${summary.updated} updated, ${summary.removed} removed, ${summary.unchanged} unchanged; ${summary.chunks} passages. Now serving ${result.generation ?? "no index"}.`,
  ];
  if (summary.failed.length > 0) {
    lines.push(`${summary.failed.length} file(s) could not be read:`);
    for (const failure of summary.failed.slice(0, 10)) lines.push(`- ${failure.source}: ${failure.reason}`);
    if (summary.failed.length > 10) lines.push(`- and ${summary.failed.length - 10} more (see the log)`);
  }
  return lines.join("\n");
}

/** A Discord timestamp: each reader sees it in their own time zone. */
function timestamp(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(seconds) ? `<t:${seconds}:f>` : iso;
}
