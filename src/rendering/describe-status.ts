import type { ReindexProgress, ReindexResult, StatusReport } from "../chat-core/chat-core.js";
import { type ErrorCode, friendlySentence } from "../errors.js";
import { describeRepair } from "./describe-repair.js";
import { describeReindexFailure } from "./reindex-failure.js";

/**
 * The status and reindex replies of both bots, in Markdown (Slack converts it to mrkdwn): counts, ids and times
 * only, never document text. The status holds only the scopes the asker may search (the core filtered them).
 * `time` writes a timestamp the platform's way (Discord shows each reader their own time zone).
 */
export interface StatusStyle {
  time(iso: string): string;
}

export const plainTime: StatusStyle = { time: (iso) => iso };

export function describeStatus(status: StatusReport, style: StatusStyle = plainTime): string {
  const scopes = Object.entries(status.scopes)
    .map(
      ([scope, chunks]) => `${scope} (${status.documentsByScope[scope] ?? 0} documents, ${chunks} passages)`,
    )
    .join(", ");
  const engine = status.engineReachable;
  // What the server said names its address: that is for `docent doctor`, not for everyone in a channel.
  const reachable = engine.reachable ? "ready" : "not ready (an administrator can run `docent doctor`)";
  const built = status.indexBuiltAt ? `, built ${style.time(status.indexBuiltAt)}` : "";
  const last = status.lastIngest;
  const lines = [
    "**docent status**",
    `Documents: ${status.documents}, passages: ${status.chunks}${scopes ? `: ${scopes}` : ""}`,
    `Index: ${status.generation ?? "none yet"}${built}`,
    `Embedder: ${status.embedder ?? "none yet"}`,
    `Engine: ${status.engine}, ${reachable}, questions waiting: ${status.queueLength}`,
    `Platforms: ${status.platforms.join(", ") || "none"}`,
    ...describeSources(status, style),
    last === null
      ? "Last ingest: none recorded"
      : `Last ingest ${style.time(last.finishedAt)}: ${last.added} added, ${last.updated} updated, ${last.removed} removed, ${last.unchanged} unchanged, ${last.failed} failed`,
    `Re-index running: ${status.reindexRunning ? "yes" : "no"}`,
  ];
  return lines.join("\n");
}

/**
 * "Sources: wiki (120 documents, synced ...), drive (40 documents, last sync failed ...)", when there is more than
 * the documents folder or a sync failed. The failure's sentence (it names hosts and variables) is for `docent status`.
 */
function describeSources(status: StatusReport, style: StatusStyle): string[] {
  const sources = status.sources;
  if (sources.every((source) => source.name === "documents" && source.lastError === null)) return [];
  const described = sources.map((source) => {
    const synced = source.lastSyncAt === null ? "never synced" : `synced ${style.time(source.lastSyncAt)}`;
    const failed =
      source.lastError === null
        ? ""
        : `, last sync failed ${style.time(source.lastError.at)} (an administrator can run \`docent status\`)`;
    return `${source.name} (${source.documents} documents, ${synced}${failed})`;
  });
  return [`Sources: ${described.join(", ")}`];
}

export function describeReindexProgress(progress: ReindexProgress): string {
  const counts = progress.total > 0 ? ` ${progress.done}/${progress.total}` : "";
  return `Re-indexing… ${progress.stage}${counts}`;
}

const failedFilesShown = 10;
const sentences: Record<"refused" | "locked", ErrorCode> = {
  refused: "NOT_ALLOWED",
  locked: "INGEST_LOCKED",
};

/** The admin's summary of a re-index by its outcome: counts, and the files that failed with their reasons. */
export function describeReindexResult(result: ReindexResult): string {
  const summary = result.summary;
  if (result.outcome === "failed") return describeReindexFailure(result.failure?.kind ?? "other");
  if (result.outcome !== "done" && result.outcome !== "partial") {
    return friendlySentence(sentences[result.outcome]);
  }
  const counts =
    summary === null
      ? ""
      : ` in ${(summary.durationMs / 1000).toFixed(1)} s: ${summary.added} added, ${summary.updated} updated, ${summary.removed} removed, ${summary.unchanged} unchanged; ${summary.chunks} passages`;
  const lines = [`Re-index done${counts}. Now serving ${result.generation ?? "no index"}.`];
  if (summary?.repaired) lines.push(...describeRepair(summary.repaired));
  const failed = summary?.failed ?? [];
  if (failed.length > 0) {
    lines.push(`${failed.length} file(s) could not be read:`);
    for (const failure of failed.slice(0, failedFilesShown))
      lines.push(`- ${failure.source}: ${failure.reason}`);
    if (failed.length > failedFilesShown)
      lines.push(`- and ${failed.length - failedFilesShown} more (see the log)`);
  }
  return lines.join("\n");
}
