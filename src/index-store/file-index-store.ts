import { open, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { assembleGeneration } from "./assemble-file-generation.js";
import { beginFileGeneration } from "./file-generation-builder.js";
import {
  type GenerationContent,
  listGenerations,
  pruneGenerations,
  publishGeneration,
  readCurrentGeneration,
  writeGeneration,
} from "./generation-folders.js";
import { generationFiles, indexPaths } from "./index-paths.js";
import type { GenerationStart, IndexStore, LastRun } from "./index-store.js";
import { acquireIngestLock } from "./ingest-lock.js";
import { loadFileGeneration } from "./load-file-generation.js";
import { readManifest } from "./manifest.js";
import { searchFileGeneration } from "./search-file-generation.js";

/**
 * The local index store: one folder per generation under DOCENT_INDEX_DIR (HNSW graph, BM25 index, chunks,
 * manifest), a CURRENT file naming the one in use (replaced by one atomic rename), a lock file for single runs.
 */
export function createFileIndexStore(indexDir: string): IndexStore {
  const paths = indexPaths(indexDir);
  const folderOf = (generation: string) => path.join(paths.generations, generation);
  const lastRunFile = path.join(indexDir, "last-run.json");
  const previousFolderOf = (start: GenerationStart) => start.previous && folderOf(start.previous.generation);
  const writeAndPublish = async (content: GenerationContent) => {
    const current = await readCurrentGeneration(paths);
    const folder = await writeGeneration(paths, content);
    await publishGeneration(paths, folder);
    // The generation replaced stays for rollback (also after --rebuild, which builds on nothing).
    await pruneGenerations(paths, current ? [folder, current] : [folder]);
  };

  return {
    description: indexDir,
    lockIngest: () => acquireIngestLock(paths.lock),
    async cleanUp(keep) {
      const all = (await listGenerations(paths)).map((folder) => path.basename(folder));
      const before = keep === null ? undefined : all.filter((name) => name < keep).at(-1);
      await pruneGenerations(paths, [before, keep].filter(isName).map(folderOf));
    },
    async currentGeneration() {
      const folder = await readCurrentGeneration(paths);
      return folder === null ? null : path.basename(folder);
    },
    async listGenerations() {
      return (await listGenerations(paths)).map((folder) => path.basename(folder));
    },
    readManifest: (generation) => readManifest(generationFiles(folderOf(generation)).manifest),
    async openGeneration(manifest) {
      const index = await loadFileGeneration(folderOf(manifest.generation), manifest);
      return {
        manifest,
        search: async (question, queryVector, options) =>
          searchFileGeneration(index, queryVector, question, options),
        // The keyword index is in memory already: its term table and postings are the vocabulary.
        vocabulary: async () => index.keywords.vocabulary(),
      };
    },
    beginGeneration: (start) => beginFileGeneration(start, previousFolderOf(start), writeAndPublish),
    async writeGeneration(draft) {
      const content = await assembleGeneration(draft, previousFolderOf(draft));
      await writeAndPublish(content);
      return content.manifest;
    },
    publishGeneration: (generation) => publishGeneration(paths, folderOf(generation)),
    async recordLastRun(run) {
      const temporary = `${lastRunFile}.${process.pid}.tmp`;
      const handle = await open(temporary, "w");
      try {
        await handle.writeFile(JSON.stringify(run, null, 2));
      } finally {
        await handle.close();
      }
      await rename(temporary, lastRunFile);
    },
    async readLastRun() {
      try {
        return JSON.parse(await readFile(lastRunFile, "utf8")) as LastRun;
      } catch {
        return null;
      }
    },
    close: async () => {},
  };
}

function isName(name: string | null | undefined): name is string {
  return typeof name === "string";
}
