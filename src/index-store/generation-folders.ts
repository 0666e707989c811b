import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { DocentError } from "../errors.js";
import type { KeywordIndex } from "../retrieval/keyword-index.js";
import type { VectorIndex } from "../retrieval/vector-index.js";
import type { IndexedChunk } from "./chunk-store-data.js";
import { buildChunkStoreData, encodeChunkStore } from "./chunk-store-format.js";
import { generationFiles, type IndexPaths, partialPrefix } from "./index-paths.js";
import type { Manifest } from "./manifest.js";

export type { IndexedChunk } from "./chunk-store-data.js";

export interface GenerationContent {
  manifest: Manifest;
  chunks: IndexedChunk[];
  vectors: VectorIndex;
  keywords: KeywordIndex;
}

/** The folder of the generation in use, or null when the index has never been built. */
export async function readCurrentGeneration(paths: IndexPaths): Promise<string | null> {
  let name: string;
  try {
    name = (await readFile(paths.current, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new DocentError("INDEX_CORRUPT", `The index pointer ${paths.current} cannot be read`, {
      cause: error,
    });
  }
  if (!/^gen-[\w-]+$/.test(name)) {
    throw new DocentError("INDEX_CORRUPT", `The index pointer ${paths.current} does not name a generation`);
  }
  return path.join(paths.generations, name);
}

/**
 * Writes a complete generation into a partial folder, then renames the folder to its final name.
 * Nothing is visible to readers until publishGeneration switches CURRENT.
 */
export async function writeGeneration(paths: IndexPaths, content: GenerationContent): Promise<string> {
  const name = content.manifest.generation;
  const partial = path.join(paths.generations, `${partialPrefix}${name}`);
  const finished = path.join(paths.generations, name);
  try {
    await rm(partial, { recursive: true, force: true });
    const files = generationFiles(partial);
    await mkdir(partial, { recursive: true });
    // hnswlib writes without checking for errors: on a full disk the graph file comes out short and silently.
    // The files written after it (each synced) then fail with ENOSPC, so the generation is never published.
    await content.vectors.save(files.vectors);
    await writeDurably(files.keywords, content.keywords.toBuffer());
    const chunkStore = buildChunkStoreData(content.chunks, content.manifest.counts.labels);
    await writeDurably(files.chunks, encodeChunkStore(chunkStore));
    await writeDurably(files.manifest, JSON.stringify(content.manifest, null, 2));
    await rename(partial, finished);
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    throw describeWriteFailure(error, paths.root);
  }
  return finished;
}

/** Makes a generation current with one atomic rename of the pointer file. */
export async function publishGeneration(paths: IndexPaths, generationFolder: string): Promise<void> {
  const pointer = `${paths.current}.${process.pid}.tmp`;
  try {
    await writeDurably(pointer, `${path.basename(generationFolder)}\n`);
    await rename(pointer, paths.current);
  } catch (error) {
    await rm(pointer, { force: true }).catch(() => undefined);
    throw describeWriteFailure(error, paths.root);
  }
}

/**
 * A write under the index folder that failed because of the disk or the folder (full, read-only, not ours)
 * becomes INGEST_FAILED with a message naming the folder and the fix; any other error is returned as it is.
 */
export function describeWriteFailure(error: unknown, indexDir: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason =
    code === "ENOSPC" || code === "EDQUOT"
      ? `the disk holding the index folder ${indexDir} is full`
      : code === "EROFS"
        ? `the index folder ${indexDir} is on a read-only file system`
        : code === "EACCES" || code === "EPERM"
          ? `the index folder ${indexDir} is read-only for this user (permission denied)`
          : undefined;
  if (reason === undefined) return error;
  return new DocentError(
    "INGEST_FAILED",
    `Cannot write the index: ${reason} (${code}). The current index is unchanged; ` +
      "free some space or make the folder writable, then run `docent ingest` again.",
    { cause: error },
  );
}

/**
 * Removes partial folders left by killed runs and every generation except the current one and the one before
 * it (kept for rollback). Only called while holding the ingest lock.
 */
export async function pruneGenerations(paths: IndexPaths, keep: readonly string[]): Promise<void> {
  for (const name of await readdir(paths.root).catch(() => [] as string[])) {
    if (name.endsWith(".tmp") && (name.startsWith("CURRENT.") || (await isOldLockDraft(paths, name)))) {
      await rm(path.join(paths.root, name), { force: true });
    }
  }
  let names: string[];
  try {
    names = await readdir(paths.generations);
  } catch {
    return;
  }
  const kept = new Set(keep.map((folder) => path.basename(folder)));
  for (const name of names) {
    if (!kept.has(name)) await rm(path.join(paths.generations, name), { recursive: true, force: true });
  }
}

/** A lock draft left by a killed process (a live one links or removes its draft within milliseconds). */
async function isOldLockDraft(paths: IndexPaths, name: string): Promise<boolean> {
  if (!name.startsWith(`${path.basename(paths.lock)}.`)) return false;
  const info = await stat(path.join(paths.root, name)).catch(() => null);
  return info !== null && Date.now() - info.mtimeMs > 60_000;
}

/** Generation folders, oldest first. */
export async function listGenerations(paths: IndexPaths): Promise<string[]> {
  try {
    const names = (await readdir(paths.generations)).filter((name) => name.startsWith("gen-")).sort();
    return names.map((name) => path.join(paths.generations, name));
  } catch {
    return [];
  }
}

async function writeDurably(file: string, data: string | Buffer): Promise<void> {
  const handle = await open(file, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
