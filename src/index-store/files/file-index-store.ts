import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { DocentError } from "../../errors.js";
import { rebuildAdvice } from "../../retrieval/index-file.js";
import type { GenerationStart, IndexStore, ServedGeneration } from "../index-store.js";
import { type Manifest, readManifest } from "../manifest.js";
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
import { generationFiles, type IndexPaths, indexPaths } from "./index-paths.js";
import { acquireIngestLock } from "./ingest-lock.js";
import { readLastRun, writeLastRun } from "./last-run-file.js";
import { loadFileGeneration } from "./load-file-generation.js";
import { searchFileGeneration } from "./search-file-generation.js";

/**
 * The local index store: one folder per generation under DOCENT_INDEX_DIR (HNSW graph, BM25 index, chunks,
 * manifest), a CURRENT file naming the one in use (replaced by one atomic rename), a lock file for single runs.
 */
export function createFileIndexStore(indexDir: string): IndexStore {
  const paths = indexPaths(indexDir);
  const folderOf = (generation: string) => path.join(paths.generations, generation);
  const previousFolderOf = (start: GenerationStart) => start.previous && folderOf(start.previous.generation);
  const lastRunFile = path.join(indexDir, "last-run.json");

  return {
    description: indexDir,
    lockIngest: () => acquireIngestLock(paths.lock),
    cleanUp: (keep) => cleanUpGenerations(paths, keep),
    async currentGeneration() {
      const folder = await readCurrentGeneration(paths);
      return folder === null ? null : path.basename(folder);
    },
    listGenerations: () => listGenerationNames(paths),
    readManifest: (generation) => readGenerationManifest(folderOf(generation), generation),
    fingerprintGeneration: (generation) => fingerprintFolder(folderOf(generation)),
    checkGeneration: (manifest) => checkFileGeneration(folderOf(manifest.generation), manifest),
    openGeneration: (manifest) => openFileGeneration(folderOf(manifest.generation), manifest),
    beginGeneration: (start) =>
      beginFileGeneration(start, previousFolderOf(start), (content) =>
        writeAndPublish(paths, content, start.damaged),
      ),
    async writeGeneration(draft) {
      return writeAndPublish(paths, await assembleGeneration(draft, previousFolderOf(draft)), draft.damaged);
    },
    publishGeneration: (generation) => publishGeneration(paths, folderOf(generation)),
    recordLastRun: (run) => writeLastRun(lastRunFile, run),
    readLastRun: () => readLastRun(lastRunFile),
    close: async () => {},
  };
}

/** The names of the complete generations, oldest first. */
async function listGenerationNames(paths: IndexPaths): Promise<string[]> {
  return (await listGenerations(paths)).map((folder) => path.basename(folder));
}

/**
 * Removes what killed runs left behind and every generation but `keep` and the one before it (kept for rollback);
 * with `keep` null, every generation.
 */
async function cleanUpGenerations(paths: IndexPaths, keep: string | null): Promise<void> {
  const all = await listGenerationNames(paths);
  const before = keep === null ? undefined : all.filter((name) => name < keep).at(-1);
  await pruneGenerations(
    paths,
    [before, keep].filter(isName).map((name) => path.join(paths.generations, name)),
  );
}

/** A generation's manifest, refused when it names another generation (a folder copied or renamed by hand). */
async function readGenerationManifest(folder: string, generation: string): Promise<Manifest> {
  const file = generationFiles(folder).manifest;
  const manifest = await readManifest(file);
  if (manifest.generation !== generation) {
    throw new DocentError(
      "INDEX_CORRUPT",
      `The index manifest ${file} is damaged (it names the generation ${manifest.generation}). ${rebuildAdvice}`,
    );
  }
  return manifest;
}

/** A generation loaded into memory (graph, keyword index, chunks) and searched there. */
async function openFileGeneration(folder: string, manifest: Manifest): Promise<ServedGeneration> {
  const index = await loadFileGeneration(folder, manifest);
  return {
    manifest,
    search: async (question, queryVector, options) =>
      searchFileGeneration(index, queryVector, question, options),
    // The keyword index is in memory already: its term table and postings are the vocabulary.
    vocabulary: async () => index.keywords.vocabulary(),
  };
}

/**
 * Writes a generation's folder, makes it current, then prunes the rest: the generation it replaced stays for
 * rollback (also after --rebuild, which builds on nothing); when this run found that one damaged, the newest other.
 */
async function writeAndPublish(
  paths: IndexPaths,
  content: GenerationContent,
  damaged: string | null | undefined,
): Promise<Manifest> {
  const replaced = await generationToKeep(paths, damaged ?? null);
  const { folder, manifest } = await writeGeneration(paths, content);
  await publishGeneration(paths, folder);
  await pruneGenerations(paths, replaced ? [folder, replaced] : [folder]);
  return manifest;
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
