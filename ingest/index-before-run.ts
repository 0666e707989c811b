import { realpathSync } from "node:fs";
import path from "node:path";
import { DocentError, isDocentError } from "../src/errors.js";
import type { IndexStore } from "../src/index-store/index-store.js";

/**
 * The `--docs` trap: an index built from one folder, updated from another, would lose every document of the first.
 * An ingest from another folder than the one the current generation was built from is refused unless it rebuilds.
 * (The CLI updates from the index's own folder when no folder was chosen; see ingestWithProgress.) An index from
 * before the folder was recorded, or whose manifest cannot be read, is not checked.
 */
export async function checkSameDocsFolder(
  options: { store: IndexStore; docsDir?: string | undefined },
  generation: string | null,
): Promise<void> {
  if (generation === null || options.docsDir === undefined) return;
  const built = await options.store.readManifest(generation).then(
    (manifest) => manifest.docsDir,
    () => undefined,
  );
  const folder = path.resolve(options.docsDir);
  if (built === undefined || sameFolder(built, folder)) return;
  throw new DocentError(
    "INDEX_INCOMPATIBLE",
    `the index in ${options.store.description} was built from the documents in ${built}, not ${folder}: ` +
      `indexing ${folder} would remove every document of ${built} from it. To replace them, run the ingest with ` +
      `--rebuild; to update the index from ${built}, leave --docs and DOCENT_DOCS_DIR unset or point them there.`,
  );
}

function sameFolder(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * What an ingest checks of the index before it builds on it: the current generation's name, or what is wrong with
 * the pointer to it (an ingest then rebuilds).
 */
export async function readPointer(
  store: IndexStore,
): Promise<{ current: string | null; damage: string | null }> {
  try {
    return { current: await store.currentGeneration(), damage: null };
  } catch (error) {
    if (!isDocentError(error, "INDEX_CORRUPT")) throw error;
    return { current: null, damage: error.message };
  }
}
