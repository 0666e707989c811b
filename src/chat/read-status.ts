import type { AnswerService } from "../app/create-answer-service.js";
import { isDocentError } from "../errors.js";
import type { ServedGeneration } from "../index-store/index-store.js";
import type { StatusReport } from "./chat-core.js";

/** What `status` shows: the generation serving (loading a newer published one first), the last ingest, the engine. */
export async function readStatus(service: AnswerService, reindexRunning: boolean): Promise<StatusReport> {
  const index = await currentIndex(service);
  const lastRun = await service.knowledge.store.readLastRun();
  const manifest = index?.manifest;
  return {
    generation: manifest?.generation ?? null,
    documents: manifest?.counts.documents ?? 0,
    chunks: manifest?.counts.chunks ?? 0,
    scopes: { ...(manifest?.scopes ?? {}) },
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
    reindexRunning,
    engine: service.engineId,
    queueLength: service.engine?.queueLength() ?? 0,
  };
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
