import type { AnswerService } from "../answer/answer-service.js";
import type { Config } from "../config/config.js";
import { isDocentError } from "../errors.js";
import type { ServedGeneration } from "../index-store/index-store.js";
import type { Manifest } from "../index-store/manifest.js";
import type { StatusReport } from "./chat-core.js";

export interface StatusOptions {
  reindexRunning: boolean;
  /** The scopes the asker may search; null: every scope (the console, an admin). */
  visibleScopes: readonly string[] | null;
  platforms: string[];
}

/**
 * What `status` shows, in the bots and in `docent status`: the generation serving (loading a newer published one
 * first), documents and chunks per scope (only the scopes the asker may search), the embedder, the engine and
 * whether it answers, the platforms, the last ingest.
 */
export async function readStatus(service: AnswerService, options: StatusOptions): Promise<StatusReport> {
  const [index, lastRun, engineReachable] = await Promise.all([
    currentIndex(service),
    service.knowledge.store.readLastRun(),
    service.engine?.checkReachable?.() ?? Promise.resolve({ reachable: true }),
  ]);
  const manifest = index?.manifest;
  const counts = countByScope(manifest, options.visibleScopes);
  return {
    generation: manifest?.generation ?? null,
    documents: sum(counts.documents),
    chunks: sum(counts.chunks),
    scopes: counts.chunks,
    documentsByScope: counts.documents,
    embedder: manifest?.embedder.id ?? null,
    indexBuiltAt: manifest?.createdAt ?? null,
    lastIngest:
      lastRun === null
        ? null
        : {
            finishedAt: lastRun.finishedAt,
            added: lastRun.added,
            updated: lastRun.updated,
            removed: lastRun.removed,
            unchanged: lastRun.unchanged,
            failed: lastRun.failed.length,
          },
    reindexRunning: options.reindexRunning,
    engine: service.engineId,
    engineReachable,
    queueLength: service.engine?.queueLength() ?? 0,
    platforms: options.platforms,
  };
}

/** Documents and chunks per scope from the manifest's file list, limited to the visible scopes. */
function countByScope(manifest: Manifest | undefined, visible: readonly string[] | null) {
  const documents: Record<string, number> = {};
  const chunks: Record<string, number> = {};
  const shown = visible === null ? null : new Set(visible);
  const files = Object.values(manifest?.files ?? {}).sort((a, b) =>
    a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0,
  );
  for (const file of files) {
    if (shown !== null && !shown.has(file.scope)) continue;
    documents[file.scope] = (documents[file.scope] ?? 0) + 1;
    chunks[file.scope] = (chunks[file.scope] ?? 0) + file.chunks;
  }
  return { documents, chunks };
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

/** The chat platforms whose tokens are configured, in the order they are listed. */
export function configuredPlatforms(config: Readonly<Config>): string[] {
  return Object.keys(config.platforms);
}

/** The index in use, or null when there is none yet. */
export async function currentIndex(service: AnswerService): Promise<ServedGeneration | null> {
  try {
    return await service.knowledge.current();
  } catch (error) {
    if (isDocentError(error, "INDEX_MISSING")) return null;
    throw error;
  }
}
