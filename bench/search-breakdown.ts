import type { Embedder } from "../src/embeddings/embedder.js";
import type { LoadedFileGeneration } from "../src/index-store/files/load-file-generation.js";
import { fuseRankings } from "../src/retrieval/fuse-rankings.js";
import { percentile } from "./measure-helpers.js";

/**
 * The parts of one searchFileGeneration call timed one by one, with the same calls and depth (max(4k, 40)): embedding
 * the question, the vector search, the keyword search, and fusion with the chunk look-ups.
 */
export async function timeSearchParts(
  index: LoadedFileGeneration,
  embedder: Embedder,
  queries: readonly string[],
  scopes: readonly string[] | undefined,
): Promise<string> {
  const parts = {
    embed: [] as number[],
    vector: [] as number[],
    keyword: [] as number[],
    fuse: [] as number[],
  };
  const depth = 40;
  for (const question of queries) {
    const started = performance.now();
    const filter = index.scopeFilter(scopes);
    const vector = await embedder.embedQuery(question);
    const embedded = performance.now();
    const vectorHits = index.vectors
      .search(vector, depth, filter)
      .map((hit) => ({ label: hit.label, score: hit.similarity }));
    const searched = performance.now();
    const keywordHits = index.keywords.search(question, depth, filter?.allows);
    const matched = performance.now();
    fuseRankings(vectorHits, keywordHits)
      .slice(0, 10)
      .map((hit) => index.chunkAt(hit.label));
    const finished = performance.now();
    parts.embed.push(embedded - started);
    parts.vector.push(searched - embedded);
    parts.keyword.push(matched - searched);
    parts.fuse.push(finished - matched);
  }
  return Object.entries(parts)
    .map(
      ([name, values]) =>
        `${name} ${percentile(values, 0.5).toFixed(3)}/${percentile(values, 0.99).toFixed(2)}`,
    )
    .join(", ");
}
