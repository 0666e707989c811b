import { readFile } from "node:fs/promises";
import { DocentError } from "../errors.js";
import { KeywordIndex } from "../retrieval/keyword-index.js";
import { type LabelFilter, VectorIndex } from "../retrieval/vector-index.js";
import { type ChunkStore, readChunkStore } from "./chunk-store.js";
import type { IndexedChunk } from "./chunk-store-data.js";
import { readCurrentGeneration } from "./generation-folders.js";
import { generationFiles, indexPaths } from "./index-paths.js";
import { assertSameEmbedder, type Manifest, readManifest } from "./manifest.js";

/** One generation, loaded for searching. */
export interface LoadedFileGeneration {
  readonly folder: string;
  readonly manifest: Manifest;
  /** The chunks, kept in one buffer; chunkAt decodes one. */
  readonly chunks: ChunkStore;
  readonly vectors: VectorIndex;
  readonly keywords: KeywordIndex;
  chunkAt(label: number): IndexedChunk | undefined;
  /** A filter for the given scopes, or undefined when they cover the whole index. */
  scopeFilter(scopes: readonly string[] | undefined): LabelFilter | undefined;
}

/** Opens the current generation of an index directory, checking that it was built by the given embedder. */
export async function openCurrentFileGeneration(
  indexDir: string,
  embedderId: string,
): Promise<LoadedFileGeneration> {
  const folder = await readCurrentGeneration(indexPaths(indexDir));
  if (folder === null) {
    throw new DocentError(
      "INDEX_MISSING",
      `There is no index in ${indexDir} yet. Run \`docent ingest\` (or set DOCENT_INDEX_DIR).`,
    );
  }
  const manifest = await readManifest(generationFiles(folder).manifest);
  assertSameEmbedder(manifest, embedderId);
  return loadFileGeneration(folder, manifest);
}

export async function loadFileGeneration(folder: string, manifest: Manifest): Promise<LoadedFileGeneration> {
  const files = generationFiles(folder);
  const [chunks, vectors, keywords] = await Promise.all([
    readChunkStore(files, manifest.counts.labels),
    VectorIndex.load(files.vectors, manifest.embedder.dimensions),
    readKeywords(files.keywords),
  ]);
  const filters = new Map<string, LabelFilter | undefined>();
  return {
    folder,
    manifest,
    chunks,
    vectors,
    keywords,
    chunkAt: (label) => chunks.chunkAt(label),
    scopeFilter(scopes) {
      if (scopes === undefined) return undefined;
      const key = [...new Set(scopes)].sort().join(",");
      if (!filters.has(key)) filters.set(key, buildScopeFilter(chunks, new Set(scopes)));
      return filters.get(key);
    },
  };
}

function buildScopeFilter(chunks: ChunkStore, scopes: ReadonlySet<string>): LabelFilter | undefined {
  const labels = chunks.labelsInScopes(scopes);
  if (labels.length === chunks.count) return undefined;
  const mask = new Uint8Array(chunks.labelCount);
  for (const label of labels) mask[label] = 1;
  return { allows: (label) => mask[label] === 1, labels: () => labels };
}

async function readKeywords(file: string): Promise<KeywordIndex> {
  try {
    return KeywordIndex.fromBuffer(await readFile(file));
  } catch (error) {
    throw new DocentError("INDEX_CORRUPT", `The keyword index ${file} cannot be read`, { cause: error });
  }
}
