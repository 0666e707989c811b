import type { EvalQuestion } from "./retrieval-eval-data.js";

export interface RetrievalScores {
  recallAt3: number;
  mrrAt3: number;
  recallAt5: number;
  mrrAt10: number;
}

/** Section ids in rank order, keeping the first occurrence of each. */
export function dedupeSections(sectionIds: readonly string[]): string[] {
  return [...new Set(sectionIds)];
}

function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  return ranked.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size;
}

function reciprocalRankAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  const rank = ranked.slice(0, k).findIndex((id) => relevant.has(id));
  return rank === -1 ? 0 : 1 / (rank + 1);
}

/** Averages the metrics over the questions; `rank` returns the deduplicated section ids for a question. */
export function scoreRankings(
  questions: readonly EvalQuestion[],
  rankings: ReadonlyArray<readonly string[]>,
): RetrievalScores {
  const totals = { recallAt3: 0, mrrAt3: 0, recallAt5: 0, mrrAt10: 0 };
  questions.forEach((question, index) => {
    const relevant = new Set(question.correct_chunks);
    const ranked = rankings[index] ?? [];
    totals.recallAt3 += recallAt(ranked, relevant, 3);
    totals.mrrAt3 += reciprocalRankAt(ranked, relevant, 3);
    totals.recallAt5 += recallAt(ranked, relevant, 5);
    totals.mrrAt10 += reciprocalRankAt(ranked, relevant, 10);
  });
  const count = Math.max(questions.length, 1);
  return {
    recallAt3: totals.recallAt3 / count,
    mrrAt3: totals.mrrAt3 / count,
    recallAt5: totals.recallAt5 / count,
    mrrAt10: totals.mrrAt10 / count,
  };
}

export function formatScores(name: string, scores: RetrievalScores): string {
  const cells = [scores.recallAt3, scores.mrrAt3, scores.recallAt5, scores.mrrAt10].map((value) =>
    value.toFixed(3),
  );
  return `${name.padEnd(34)} ${cells.map((cell) => cell.padStart(9)).join(" ")}`;
}

export const scoreHeader = `${"variant".padEnd(34)} ${["recall@3", "MRR@3", "recall@5", "MRR@10"].map((cell) => cell.padStart(9)).join(" ")}`;
