import { loadEvalSet } from "./retrieval-eval-data.js";
import { buildHarness } from "./retrieval-eval-memory.js";
import { formatScores, scoreHeader, scoreRankings } from "./retrieval-eval-scoring.js";

const set = loadEvalSet();
const harness = buildHarness(set, { dimensions: 384 });
console.log(
  `${set.sections.length} sections -> ${harness.chunkCount} chunks, ${set.questions.length} questions`,
);
console.log(scoreHeader);
const score = (name: string, rank: (question: string) => string[]) =>
  console.log(
    formatScores(
      name,
      scoreRankings(
        set.questions,
        set.questions.map((q) => rank(q.question)),
      ),
    ),
  );
score("BM25", harness.rankKeyword);
score("local vectors", harness.rankVector);
score("fused weighted 0.5", (q) => harness.rankFused(q));
score("fused RRF", (q) => harness.rankFused(q, { method: "reciprocal-rank" }));
