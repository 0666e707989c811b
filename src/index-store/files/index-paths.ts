import path from "node:path";

/**
 * The layout of an index directory:
 *   CURRENT                  the name of the generation in use (replaced by one atomic rename)
 *   generations/<name>/      complete generations: manifest.json, chunks.bin, vectors.hnsw, keywords.bin
 *                            (generations written before chunks.bin have chunks.json instead; still readable)
 *   generations/.partial-*   a generation being written (or left by a killed run; removed by the next run)
 *   ingest.lock              held while an ingest runs
 */
export interface IndexPaths {
  root: string;
  current: string;
  generations: string;
  lock: string;
}

export function indexPaths(indexDir: string): IndexPaths {
  return {
    root: indexDir,
    current: path.join(indexDir, "CURRENT"),
    generations: path.join(indexDir, "generations"),
    lock: path.join(indexDir, "ingest.lock"),
  };
}

export const partialPrefix = ".partial-";

export interface GenerationFiles {
  folder: string;
  manifest: string;
  /** The chunk store (chunk-store-format.ts): texts and metadata of every chunk, in one binary file. */
  chunks: string;
  /** The JSON list of chunks that generations written before chunks.bin hold instead. */
  legacyChunks: string;
  vectors: string;
  keywords: string;
}

export function generationFiles(folder: string): GenerationFiles {
  return {
    folder,
    manifest: path.join(folder, "manifest.json"),
    chunks: path.join(folder, "chunks.bin"),
    legacyChunks: path.join(folder, "chunks.json"),
    vectors: path.join(folder, "vectors.hnsw"),
    keywords: path.join(folder, "keywords.bin"),
  };
}
