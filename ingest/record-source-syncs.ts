import type { LastRun, SourceSync } from "../src/index-store/index-store.js";
import type { SourceFailure } from "./list-sources.js";

/**
 * Each source's sync, as `docent status` and the bots show it: a source listed this run was synced now (its last
 * error cleared); one that failed keeps its last successful sync and records why it failed; one this run did not
 * ask (an ingest of one source) keeps what it had; one no longer configured is forgotten.
 */
export function nextSourceSyncs(
  previous: LastRun | null,
  run: {
    configured: readonly string[];
    synced: readonly string[];
    failed: readonly SourceFailure[];
    at: string;
    listingMs?: Readonly<Record<string, number>>;
  },
): Record<string, SourceSync> {
  const next: Record<string, SourceSync> = {};
  for (const name of run.configured) {
    const before = previous?.sources?.[name];
    if (before !== undefined) next[name] = before;
  }
  for (const name of run.synced) {
    const listingMs = run.listingMs?.[name];
    next[name] = { lastSyncAt: run.at, ...(listingMs === undefined ? {} : { listingMs }) };
  }
  for (const failure of run.failed) {
    const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
    const lastSyncAt = previous?.sources?.[failure.name]?.lastSyncAt;
    next[failure.name] = {
      ...(lastSyncAt === undefined ? {} : { lastSyncAt }),
      lastError: { at: run.at, message },
    };
  }
  return next;
}
