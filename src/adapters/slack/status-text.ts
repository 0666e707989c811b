import type { ReindexResult, StatusReport } from "../../chat-core/chat-core.js";
import { DocentError, friendlyMessage } from "../../errors.js";
import { escapeMrkdwn } from "./markdown-to-mrkdwn.js";

/**
 * The `status` reply: index generation, documents and chunks per scope (the core left out the scopes this
 * conversation may not search), embedder, engine and whether it answers, platforms, last ingest, queue.
 */
export function describeStatus(status: StatusReport): string {
  const scopes = Object.entries(status.scopes)
    .map(([scope, chunks]) => `${scope} ${status.documentsByScope[scope] ?? 0} documents, ${chunks} chunks`)
    .join("; ");
  const ingest = status.lastIngest;
  const engine = status.engineReachable;
  const lines = [
    "*docent status*",
    `• Index generation: ${status.generation ?? "none yet"}${status.indexBuiltAt ? ` (built ${status.indexBuiltAt})` : ""}`,
    `• Documents: ${status.documents}, chunks: ${status.chunks}${scopes ? ` (${scopes})` : ""}`,
    `• Embedder: ${status.embedder ?? "none yet"}`,
    `• Engine: ${status.engine}, ${engine.reachable ? "answering" : `not reachable${engine.detail ? ` (${engine.detail})` : ""}`}, questions waiting: ${status.queueLength}`,
    `• Platforms: ${status.platforms.join(", ") || "none"}`,
    ingest === null
      ? "• Last ingest: none recorded"
      : `• Last ingest: ${ingest.finishedAt}: ${ingest.added} added, ${ingest.updated} updated, ${ingest.removed} removed, ${ingest.unchanged} unchanged, ${ingest.failed} failed`,
    `• Re-index running: ${status.reindexRunning ? "yes" : "no"}`,
  ];
  return escapeMrkdwn(lines.join("\n"));
}

/** The admin's summary of a re-index: counts and the files that failed (their reasons stay in the log). */
export function describeReindex(result: ReindexResult): string {
  const summary = result.summary;
  const counts =
    summary === null
      ? ""
      : `${summary.added} added, ${summary.updated} updated, ${summary.removed} removed, ${summary.unchanged} unchanged; ${summary.chunks} chunks in ${(summary.durationMs / 1000).toFixed(1)} s.`;
  const failed = summary?.failed ?? [];
  const failedLine =
    failed.length === 0
      ? ""
      : `\n${failed.length} file(s) could not be read: ${failed
          .slice(0, 20)
          .map((file) => file.source)
          .join(", ")}${failed.length > 20 ? ", …" : ""}`;
  if (result.exitCode === 0 || result.exitCode === 2) {
    return escapeMrkdwn(
      `Re-index finished: ${counts} Now serving generation ${result.generation ?? "?"}.${failedLine}`,
    );
  }
  const kept = friendlyMessage(new DocentError("INGEST_FAILED", "re-index failed"));
  return escapeMrkdwn(`${kept}${counts ? ` ${counts}` : ""}${failedLine}`);
}
