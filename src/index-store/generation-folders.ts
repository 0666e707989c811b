import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { DocentError, isDocentError } from "../errors.js";
import { crc32, formatCrc32 } from "../retrieval/crc32.js";
import { damaged, type FileRecord, readIndexFile, rebuildAdvice } from "../retrieval/index-file.js";
import type { KeywordIndex } from "../retrieval/keyword-index.js";
import { VectorIndex } from "../retrieval/vector-index.js";
import type { IndexedChunk } from "./chunk-store-data.js";
import { buildChunkStoreData, encodeChunkStore } from "./chunk-store-format.js";
import { generationFiles, type IndexPaths, partialPrefix } from "./index-paths.js";
import { type Manifest, sealManifest } from "./manifest.js";

export type { IndexedChunk } from "./chunk-store-data.js";

export interface GenerationContent {
  manifest: Manifest;
  chunks: IndexedChunk[];
  vectors: VectorIndex;
  keywords: KeywordIndex;
}

/** The folder of the generation in use, or null when the index has never been built. */
export async function readCurrentGeneration(paths: IndexPaths): Promise<string | null> {
  const naming = { what: `The index pointer ${paths.current}`, fix: rebuildAdvice };
  let name: string;
  try {
    name = (await readIndexFile(paths.current, naming, { maxBytes: 4096 })).toString("utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  if (!/^gen-[\w-]+$/.test(name)) throw damaged(naming, "it does not name a generation");
  return path.join(paths.generations, name);
}

/**
 * The generation a new one replaces, kept for rollback: the current one; or, when the pointer or the current
 * generation (`damaged`) is damaged, the newest other one on disk, so that an ingest repairing it leaves a sound
 * one to roll back to.
 */
export async function generationToKeep(paths: IndexPaths, damaged: string | null): Promise<string | null> {
  let current: string | null;
  try {
    current = await readCurrentGeneration(paths);
  } catch (error) {
    if (!isDocentError(error, "INDEX_CORRUPT")) throw error;
    current = null;
  }
  if (current !== null && path.basename(current) !== damaged) return current;
  const others = (await listGenerations(paths)).filter((folder) => path.basename(folder) !== damaged);
  return others.at(-1) ?? null;
}

/**
 * Writes a complete generation into a partial folder, then renames the folder to its final name; returns the folder
 * and the manifest as written (with the length and checksum of each file, manifest.ts). Nothing is visible to
 * readers until publishGeneration switches CURRENT.
 */
export async function writeGeneration(
  paths: IndexPaths,
  content: GenerationContent,
): Promise<{ folder: string; manifest: Manifest }> {
  const name = content.manifest.generation;
  const partial = path.join(paths.generations, `${partialPrefix}${name}`);
  const finished = path.join(paths.generations, name);
  let manifest: Manifest;
  try {
    await rm(partial, { recursive: true, force: true });
    const files = generationFiles(partial);
    await mkdir(partial, { recursive: true });
    // hnswlib writes without checking for errors: on a full disk the graph file comes out short and silently.
    // The files written after it (each synced) then fail with ENOSPC, so the generation is never published; and
    // the graph file is checked as written (describeGraph) before the manifest records it.
    await content.vectors.save(files.vectors);
    const keywords = content.keywords.toBuffer();
    await writeDurably(files.keywords, keywords);
    const chunks = encodeChunkStore(buildChunkStoreData(content.chunks, content.manifest.counts.labels));
    await writeDurably(files.chunks, chunks);
    const vectors = await describeGraph(files.vectors, content.manifest, paths.root);
    const sealed = sealManifest(content.manifest, {
      "chunks.bin": describeBytes(chunks),
      "keywords.bin": describeBytes(keywords),
      "vectors.hnsw": vectors,
    });
    manifest = sealed.manifest;
    await writeDurably(files.manifest, sealed.text);
    await rename(partial, finished);
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    throw describeWriteFailure(error, paths.root);
  }
  return { folder: finished, manifest };
}

/** Syncs the graph file hnswlib wrote, then checks it as every reader will and records it. */
async function describeGraph(file: string, manifest: Manifest, indexDir: string): Promise<FileRecord> {
  const handle = await open(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    return await VectorIndex.describeFile(file, {
      dimensions: manifest.embedder.dimensions,
      count: manifest.counts.labels,
    });
  } catch (error) {
    if (!isDocentError(error, "INDEX_CORRUPT")) throw error;
    throw new DocentError(
      "INGEST_FAILED",
      `Cannot write the index: the vector index came out damaged when written (${error.message}). ` +
        `Is the disk holding the index folder ${indexDir} full? The current index is unchanged; ` +
        "free some space, then run `docent ingest` again.",
      { cause: error },
    );
  }
}

function describeBytes(bytes: Buffer): FileRecord {
  return { bytes: bytes.length, crc32: formatCrc32(crc32(bytes)) };
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
