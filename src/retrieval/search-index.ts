import type { SearchHit } from "../documents/chunk.js";
import type { Embedder } from "../embeddings/embedder.js";
import type { IndexedChunk } from "../index-store/generation-store.js";
import type { KnowledgeIndex } from "../index-store/open-index.js";
import { fuseRankings } from "./fuse-rankings.js";

export interface SearchOptions {
  /** How many results to return. */
  k: number;
  /** Only chunks in these scopes are searched; undefined searches every scope. */
  scopes?: readonly string[];
  /** How deep each side (vector, keyword) looks before fusion; defaults to max(4k, 40). */
  depth?: number;
}

/**
 * Hybrid retrieval: the question is embedded and searched in the vector index, and searched in the keyword
 * index; both searches apply the scope filter inside the search (so a scope never gets fewer results than it
 * has), and the two rankings are fused into one.
 */
export async function searchIndex(
  index: KnowledgeIndex,
  embedder: Embedder,
  question: string,
  options: SearchOptions,
): Promise<SearchHit[]> {
  if (options.k <= 0 || question.trim() === "") return [];
  const filter = index.scopeFilter(options.scopes);
  const depth = options.depth ?? Math.max(options.k * 4, 40);
  const queryVector = await embedder.embedQuery(question);
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
