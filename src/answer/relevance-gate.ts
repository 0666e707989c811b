import type { SearchHit } from "../documents/chunk.js";
import type { RankedUnit } from "./rank-units.js";

/**
 * The "not covered" decision, from meaning rather than spelling: how much of the question the best sentence, list
 * item or table row of the retrieved passages accounts for (rankUnits: the question's words weighted by how much
 * they say, each matched as itself, a related word or a misspelling, in the unit or around it), or, for semantic
 * embedders, a strong vector similarity.
 *   - "answers": the best unit reaches minRelevance, or a hit's cosine similarity reaches minVectorSimilarity
 *     (sure from 1.4 times minRelevance; below that, the quotes are offered for the asker to check);
 *   - "related": a unit's coverage (without the bonus and penalty) reaches relatedShare of minRelevance:
 *     something plausibly related was found. With a model,
 *     the model then reads the passages and says itself when they don't answer; without one, the reply says
 *     plainly that the documents don't answer it and shows the closest passages;
 *   - "unrelated": nothing plausibly related; the question is declined before any model sees it.
 * How minRelevance's default was chosen is in BENCHMARKS.md ("Answers people actually get").
 */
export type CoverageLevel = "answers" | "related" | "unrelated";

export interface CoverageJudgement {
  level: CoverageLevel;
  /** The best unit's confidence, 0 when nothing was ranked. */
  confidence: number;
  /** It answers with room to spare (sureShare times minRelevance, or a strong vector match). */
  sure: boolean;
}

export const defaultMinVectorSimilarity = 0.5;
/** "Plausibly related" starts at this share of minRelevance. */
export const relatedShare = 0.5;
/** An answer is sure from this multiple of minRelevance; between it and minRelevance, it is offered tentatively. */
export const sureShare = 1.4;

export function judgeCoverage(
  ranked: readonly RankedUnit[],
  hits: readonly SearchHit[],
  minRelevance: number,
  minVectorSimilarity = defaultMinVectorSimilarity,
): CoverageJudgement {
  const best = ranked.reduce((top, unit) => Math.max(top, finite(unit.confidence)), 0);
  const semantic = hits.some((hit) => finite(hit.vectorScore) >= minVectorSimilarity);
  const sure = semantic || best >= minRelevance * sureShare;
  if (best >= minRelevance || semantic) return { level: "answers", confidence: best, sure };
  // Related is judged on coverage alone: a passage sharing much of the question is worth a model's reading even
  // when it lacks the question's heaviest word (the model may know "paternity" is "second parent").
  const covered = ranked.reduce((top, unit) => Math.max(top, finite(unit.coverage)), 0);
  if (covered >= minRelevance * relatedShare) return { level: "related", confidence: best, sure: false };
  return { level: "unrelated", confidence: best, sure: false };
}

function finite(value: number | null | undefined): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}
