import { lstat, open, readdir, rename } from "node:fs/promises";
import path from "node:path";
import { DocentError } from "../errors.js";
import { readIndexFile, rebuildAdvice } from "../retrieval/index-file.js";
import { assembleGeneration } from "./assemble-file-generation.js";
import { checkFileGeneration } from "./check-file-generation.js";
import { beginFileGeneration } from "./file-generation-builder.js";
import {
  type GenerationContent,
  generationToKeep,
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
  const writeAndPublish = async (content: GenerationContent, damaged: string | null | undefined) => {
    const replaced = await generationToKeep(paths, damaged ?? null);
    const { folder, manifest } = await writeGeneration(paths, content);
    await publishGeneration(paths, folder);
    // The generation replaced stays for rollback (also after --rebuild, which builds on nothing).
    await pruneGenerations(paths, replaced ? [folder, replaced] : [folder]);
    return manifest;
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
    async readManifest(generation) {
      const file = generationFiles(folderOf(generation)).manifest;
      const manifest = await readManifest(file);
      if (manifest.generation !== generation) {
        throw new DocentError(
          "INDEX_CORRUPT",
          `The index manifest ${file} is damaged (it names the generation ${manifest.generation}). ${rebuildAdvice}`,
        );
      }
      return manifest;
    },
    fingerprintGeneration: (generation) => fingerprintFolder(folderOf(generation)),
    checkGeneration: (manifest) => checkFileGeneration(folderOf(manifest.generation), manifest),
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
    beginGeneration: (start) =>
      beginFileGeneration(start, previousFolderOf(start), (content) =>
        writeAndPublish(content, start.damaged),
      ),
    async writeGeneration(draft) {
      return writeAndPublish(await assembleGeneration(draft, previousFolderOf(draft)), draft.damaged);
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
        const naming = { what: `The record of the last run ${lastRunFile}`, fix: "" };
        const text = (await readIndexFile(lastRunFile, naming, { maxBytes: 64 * 1024 * 1024 })).toString(
          "utf8",
        );
        return JSON.parse(text) as LastRun;
      } catch {
        return null;
      }
    },
    close: async () => {},
  };
}

/** The names, sizes, change times and inodes of a folder's files: what any change to them changes. */
async function fingerprintFolder(folder: string): Promise<string> {
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => [`(${error.code})`]);
  const parts = await Promise.all(
    names.sort().map(async (name) => {
      const info = await lstat(path.join(folder, name)).catch(() => null);
      return info === null ? name : `${name}:${info.size}:${info.ctimeMs}:${info.mtimeMs}:${info.ino}`;
    }),
  );
  return parts.join("|");
}

function isName(name: string | null | undefined): name is string {
  return typeof name === "string";
}
