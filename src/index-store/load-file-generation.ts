import { constants } from "node:buffer";
import { DocentError } from "../errors.js";
import {
  damaged,
  type FileRecord,
  isMissing,
  readIndexFile,
  rebuildAdvice,
} from "../retrieval/index-file.js";
import { KeywordIndex } from "../retrieval/keyword-index.js";
import { declaredKeywordFileLength, keywordHeaderBytes } from "../retrieval/keyword-index-format.js";
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

/**
 * Opens a generation for searching. Every file is checked before it is used: its type and length, its checksum
 * against what the manifest recorded (generations written before docent recorded them: their own consistency
 * checks only), and what each says of the others (slot and chunk counts).
 */
export async function loadFileGeneration(folder: string, manifest: Manifest): Promise<LoadedFileGeneration> {
  const files = generationFiles(folder);
  const { labels, chunks: chunkCount } = manifest.counts;
  const recorded = manifest.contents ?? {};
  const [vectors, chunks, keywords] = await Promise.all([
    VectorIndex.load(files.vectors, {
      dimensions: manifest.embedder.dimensions,
      count: labels,
      record: recorded["vectors.hnsw"],
    }),
    readChunkStore(files, labels, recorded["chunks.bin"]),
    readKeywordFile(files.keywords, recorded["keywords.bin"]),
  ]);
  if (chunks.count !== chunkCount || keywords.size !== chunkCount) {
    throw new DocentError(
      "INDEX_CORRUPT",
      `The generation ${folder} is damaged: its manifest has ${chunkCount} chunks, its chunk store ${chunks.count} ` +
        `and its keyword index ${keywords.size}. ${rebuildAdvice}`,
    );
  }
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

/** keywords.bin, checked against what the manifest recorded of it, then for consistency (keyword-index-format.ts). */
export async function readKeywordFile(file: string, record: FileRecord | undefined): Promise<KeywordIndex> {
  const naming = { what: `The keyword index ${file}`, fix: rebuildAdvice };
  try {
    const buffer = await readIndexFile(file, naming, {
      maxBytes: constants.MAX_LENGTH,
      record,
      header: {
        bytes: keywordHeaderBytes,
        declaredBytes: (header) => declaredKeywordFileLength(header, naming),
      },
    });
    return KeywordIndex.fromBuffer(buffer, naming, record !== undefined);
  } catch (error) {
    if (error instanceof DocentError) throw error;
    throw damaged(naming, isMissing(error) ? "it is missing" : "it cannot be read", error);
  }
}
