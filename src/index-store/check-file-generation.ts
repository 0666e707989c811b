import { checkGraphFile } from "../retrieval/graph-file.js";
import { rebuildAdvice } from "../retrieval/index-file.js";
import { readChunkStore } from "./chunk-store.js";
import { generationFiles } from "./index-paths.js";
import type { GenerationProblem } from "./index-store.js";
import { readKeywordFile } from "./load-file-generation.js";
import type { Manifest } from "./manifest.js";

/**
 * Checks every file of a generation on its own, as opening it would (loadFileGeneration), so that an ingest knows
 * what it can still build on: the chunks and the vectors are what an incremental ingest reuses; the keyword index
 * is rebuilt by every ingest that writes a generation anyway. Returns the problems found, none when it is sound.
 */
export async function checkFileGeneration(folder: string, manifest: Manifest): Promise<GenerationProblem[]> {
  const files = generationFiles(folder);
  const recorded = manifest.contents ?? {};
  const { labels, chunks } = manifest.counts;
  const checks: Record<GenerationProblem["file"], () => Promise<unknown>> = {
    "chunks.bin": async () => {
      const store = await readChunkStore(files, labels, recorded["chunks.bin"]);
      if (store.count !== chunks)
        throw new Error(`it holds ${store.count} chunks; the manifest has ${chunks}`);
    },
    "vectors.hnsw": () =>
      checkGraphFile(
        files.vectors,
        { dimensions: manifest.embedder.dimensions, count: labels, record: recorded["vectors.hnsw"] },
        { what: `The vector index ${files.vectors}`, fix: rebuildAdvice },
      ),
    "keywords.bin": async () => {
      const index = await readKeywordFile(files.keywords, recorded["keywords.bin"]);
      if (index.size !== chunks) throw new Error(`it holds ${index.size} chunks; the manifest has ${chunks}`);
    },
  };
  const problems: GenerationProblem[] = [];
  for (const [file, check] of Object.entries(checks)) {
    await check().catch((error: unknown) => {
      problems.push({
        file: file as GenerationProblem["file"],
        problem: error instanceof Error ? error.message : String(error),
      });
    });
  }
  return problems;
}
