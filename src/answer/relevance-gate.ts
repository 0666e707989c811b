import type { SearchHit } from "../documents/chunk.js";

/**
 * The relevance gate: which retrieved hits are relevant enough to answer from. An empty result means the
 * documents don't cover the question, and the pipeline says so instead of asking the model to guess.
 *
 * The fused score cannot decide: fusion rescales each side by its best hit, so the top hit scores 1 even for
 * "what's the weather on Mars". The gate asks instead how much of the question the best passage contains:
 *   - keyword coverage (SearchHit.keywordScore): the BM25 score divided by the question's weight, about the share
 *     of the question's words, weighted by rarity, that the passage contains (1 = all of them once). A word the
 *     documents never use ("nitrogen", "Kubernetes") weighs the most, so a question about something absent
 *     scores low even when it shares a common word ("company", "production") with many passages;
 *   - or, for semantic embedders, a vector similarity of at least minVectorSimilarity with no shared word
 *     ("car" for "automobile").
 * The question is covered when one hit reaches minCoverage or minVectorSimilarity; then the hits that reach half
 * the coverage (or the similarity) are kept, in order, so weaker neighbours don't pad the prompt.
 * Measured on the sample corpus's 39 questions (test/fixtures/sample-questions.json, local embedder): the best
 * coverage of the 35 answerable ones is 0.35 once and 0.51-1.69 otherwise; the 4 unanswerable ones score 0.36-0.48.
 */
export interface RelevanceGateOptions {
  /** Cosine similarity that makes a hit relevant on its own (a semantic match without shared words). */
  minVectorSimilarity?: number;
}

export const defaultMinVectorSimilarity = 0.5;

export function passRelevanceGate(
  hits: readonly SearchHit[],
  minCoverage: number,
  options: RelevanceGateOptions = {},
): SearchHit[] {
  const minVector = options.minVectorSimilarity ?? defaultMinVectorSimilarity;
  const coverage = (hit: SearchHit) => (Number.isFinite(hit.keywordScore) ? (hit.keywordScore ?? 0) : 0);
  const similarity = (hit: SearchHit) => (Number.isFinite(hit.vectorScore) ? (hit.vectorScore ?? 0) : 0);
  const covered = hits.some((hit) => coverage(hit) >= minCoverage || similarity(hit) >= minVector);
  if (!covered) return [];
  return hits.filter((hit) => coverage(hit) >= minCoverage / 2 || similarity(hit) >= minVector);
}
