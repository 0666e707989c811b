import type { SearchHit } from "../../documents/chunk.js";
import { fuseRankings } from "../../retrieval/fuse-rankings.js";
import { type SearchOptions, searchDepth } from "../index-store.js";
import type { IndexedChunk } from "./generation-folders.js";
import type { LoadedFileGeneration } from "./load-file-generation.js";

/**
 * Hybrid retrieval in a file-store generation: the question's vector is searched in the HNSW index and its words
 * in the BM25 index; both searches apply the scope filter inside the search (so a scope never gets fewer results
 * than it has), and the two rankings are fused into one.
 */
export function searchFileGeneration(
  index: LoadedFileGeneration,
  queryVector: readonly number[],
  question: string,
  options: SearchOptions,
): SearchHit[] {
  if (options.k <= 0 || question.trim() === "") return [];
  const filter = index.scopeFilter(options.scopes);
  const depth = searchDepth(options);
  const vectorHits = index.vectors
    .search(queryVector, depth, filter)
    .map((hit) => ({ label: hit.label, score: hit.similarity }));
  // Keyword scores are divided by the question's weight, so that they say how much of the question a chunk covers.
  const questionWeight = index.keywords.queryWeight(question) || 1;
  const keywordHits = index.keywords
    .search(question, depth, filter?.allows)
    .map((hit) => ({ label: hit.label, score: hit.score / questionWeight }));
  const hits: SearchHit[] = [];
  for (const fused of fuseRankings(vectorHits, keywordHits)) {
    const stored = index.chunkAt(fused.label);
    if (stored === undefined) continue;
    hits.push({
      chunk: withoutLabel(stored),
      score: fused.score,
      vectorScore: fused.vectorScore,
      keywordScore: fused.keywordScore,
    });
    if (hits.length === options.k) break;
  }
  return hits;
}

function withoutLabel({ label: _label, ...chunk }: IndexedChunk) {
  return chunk;
}
