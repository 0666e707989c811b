import type { Config } from "../config/config.js";
import { createIndexStore } from "../index-store/create-index-store.js";
import type { Logger } from "../logging/logger.js";

/**
 * The documents folder the current index generation was built from, or null when there is no index yet (or it was
 * built before the folder was recorded, or its manifest cannot be read: the ingest then says what is wrong).
 */
export async function readIndexDocsFolder(config: Readonly<Config>, logger: Logger): Promise<string | null> {
  const store = await createIndexStore(config, logger);
  try {
    const generation = await store.currentGeneration();
    if (generation === null) return null;
    return (await store.readManifest(generation)).docsDir ?? null;
  } catch {
    return null;
  } finally {
    await store.close();
  }
}

/**
 * The folder a plain `docent ingest` indexes: the chosen one (--docs, DOCENT_DOCS_DIR), else the folder the index
 * was built from, so that `docent ingest --docs ~/handbook` followed by `docent ingest` updates the handbook's index
 * instead of replacing it with the default folder's documents.
 */
export async function chooseDocsFolder(
  config: Readonly<Config>,
  logger: Logger,
): Promise<{ config: Readonly<Config>; fromIndex: boolean }> {
  if (config.docsDirChosen) return { config, fromIndex: false };
  const built = await readIndexDocsFolder(config, logger);
  if (built === null || built === config.docsDir) return { config, fromIndex: false };
  return { config: Object.freeze({ ...config, docsDir: built }), fromIndex: true };
}
