import type { IndexRepair } from "../src/index-store/index-repair.js";
import type { IndexStore } from "../src/index-store/index-store.js";
import type { Manifest } from "../src/index-store/manifest.js";
import type { Logger } from "../src/logging/logger.js";

export interface ReusableGeneration {
  /** The generation to build on (its chunks and vectors reused), or null to build from the documents. */
  previous: Manifest | null;
  /** Set when the current generation was damaged: the run then writes a new one even if no document changed. */
  repair: IndexRepair | null;
}

export interface ReuseSettings {
  store: IndexStore;
  logger: Logger;
  rebuild: boolean;
  embedderId: string;
  chunking: Manifest["chunking"];
}

/**
 * The current generation, when the next one can be built incrementally from it. It is checked first as opening it
 * would be (store.checkGeneration): an ingest never builds on a part it cannot trust, and never reports a damaged
 * index as unchanged. A damaged keyword index alone is rebuilt from the stored chunks (every new generation
 * rebuilds it anyway); damaged chunks, vectors, manifest or pointer mean building from the documents.
 */
export async function findReusableGeneration(
  settings: ReuseSettings,
  pointer: { current: string | null; damage: string | null },
): Promise<ReusableGeneration> {
  const fresh = (repair: IndexRepair | null = null) => ({ previous: null, repair });
  if (settings.rebuild) return fresh();
  if (pointer.damage !== null) {
    return fresh(report(settings, { generation: null, problems: [pointer.damage], rebuilt: "everything" }));
  }
  const generation = pointer.current;
  if (generation === null) return fresh();
  let manifest: Manifest;
  try {
    manifest = await settings.store.readManifest(generation);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return fresh(report(settings, { generation, problems: [problem], rebuilt: "everything" }));
  }
  const { chunking } = settings;
  const sameChunking =
    manifest.chunking.chunkSize === chunking.chunkSize &&
    manifest.chunking.chunkOverlap === chunking.chunkOverlap &&
    manifest.chunking.splitterVersion === chunking.splitterVersion;
  if (manifest.embedder.id !== settings.embedderId || !sameChunking) {
    settings.logger.info(
      { previousEmbedder: manifest.embedder.id, embedder: settings.embedderId, sameChunking },
      "embedder or chunking changed: rebuilding the index from scratch",
    );
    return fresh();
  }
  const problems = (await settings.store.checkGeneration?.(manifest)) ?? [];
  if (problems.length === 0) return { previous: manifest, repair: null };
  const keywordsOnly = problems.every((problem) => problem.file === "keywords.bin");
  const repair = report(settings, {
    generation,
    problems: problems.map((problem) => problem.problem),
    rebuilt: keywordsOnly ? "keywords" : "everything",
  });
  return keywordsOnly ? { previous: manifest, repair } : fresh(repair);
}

function report(settings: ReuseSettings, repair: IndexRepair): IndexRepair {
  settings.logger.warn(
    { generation: repair.generation, problems: repair.problems, rebuilt: repair.rebuilt },
    "the current index generation is damaged: rebuilding what cannot be trusted",
  );
  return repair;
}
