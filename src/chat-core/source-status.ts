import type { LastRun } from "../index-store/index-store.js";
import type { Manifest } from "../index-store/manifest.js";
import { sourceNameOf } from "../sources/folder/folder-source.js";

/** One document source as status shows it: what the index holds of it, and how its last syncs went. */
export interface SourceStatus {
  name: string;
  /** Documents and chunks in the scopes shown. */
  documents: number;
  chunks: number;
  lastSyncAt: string | null;
  /** Its last failure, until a sync succeeds: the sentence saying what to fix (for admins: it names hosts). */
  lastError: { at: string; message: string } | null;
}

/**
 * Each source the index holds documents of or the last runs synced, by name: documents and chunks counted in the
 * visible scopes only (null: all), the last successful sync and the last failure from the record of the runs.
 */
export function sourceStatuses(
  manifest: Manifest | undefined,
  lastRun: LastRun | null,
  visible: readonly string[] | null,
): SourceStatus[] {
  const shown = visible === null ? null : new Set(visible);
  const byName = new Map<string, SourceStatus>();
  const statusOf = (name: string): SourceStatus => {
    let status = byName.get(name);
    if (status === undefined) {
      const sync = lastRun?.sources?.[name];
      status = {
        name,
        documents: 0,
        chunks: 0,
        lastSyncAt: sync?.lastSyncAt ?? null,
        lastError: sync?.lastError ?? null,
      };
      byName.set(name, status);
    }
    return status;
  };
  for (const name of Object.keys(lastRun?.sources ?? {})) statusOf(name);
  for (const entry of Object.values(manifest?.files ?? {})) {
    const status = statusOf(sourceNameOf(entry));
    if (shown !== null && !shown.has(entry.scope)) continue;
    status.documents += 1;
    status.chunks += entry.chunks;
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
