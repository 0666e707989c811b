import type { SearchHit } from "../documents/chunk.js";

/**
 * The relevance gate: which retrieved hits are relevant enough to answer from. An empty result means the
 * documents don't cover the question, and the pipeline says so instead of asking the model.
 *
 * The fused score alone cannot decide: fusion rescales each side by its best hit, so the top hit scores near 1
 * even for "what's the weather on Mars". A hit passes when
 *   1. its fused score is at least minRelevance (cuts the tail of weak hits), and
 *   2. it shows real overlap with the question:
 *      - the keyword side found it (keywordScore > 0: BM25 scores only chunks that contain at least one of the
 *        question's words after stopwords and stemming, so a shared "parental" or "leave" counts), or
 *      - the vector side alone found it with a cosine similarity of at least minVectorOnlySimilarity (0.5 by
 *        default): a strong semantic match with no shared word ("car" for "automobile" with a semantic
 *        embedder). Vector-only hits below that are the noise every query gets: on the sample corpus,
 *        unanswerable questions with no shared word ("weather on Mars", "capital of France", "pizza recipe")
 *        reach cosines of 0.12 to 0.23 with the local embedder, while hits with a shared word are found by
 *        the keyword side anyway.
 * Hits keep their order. Questions that share only a word with the documents ("who won the hackathon") pass
 * the gate; the model then says the sources don't answer, and uncited answers are replaced.
 */
export interface RelevanceGateOptions {
  /** Cosine similarity a hit found only by the vector search needs to pass. */
  minVectorOnlySimilarity?: number;
}

export const defaultMinVectorOnlySimilarity = 0.5;

export function passRelevanceGate(
  hits: readonly SearchHit[],
  minRelevance: number,
  options: RelevanceGateOptions = {},
): SearchHit[] {
  const minVectorOnly = options.minVectorOnlySimilarity ?? defaultMinVectorOnlySimilarity;
  return hits.filter((hit) => {
    if (!Number.isFinite(hit.score) || hit.score < minRelevance) return false;
    if (hit.keywordScore !== null && hit.keywordScore > 0) return true;
    return hit.vectorScore !== null && hit.vectorScore >= minVectorOnly;
  });
}
