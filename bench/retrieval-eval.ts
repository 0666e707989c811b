import { defaultLocalDimensions, LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { loadEvalSet } from "./retrieval-eval-data.js";
import { buildHarness } from "./retrieval-eval-memory.js";
import { formatScores, scoreHeader, scoreRankings } from "./retrieval-eval-scoring.js";

/**
 * Scores retrieval on the eval set in ../shared: recall@3, MRR@3, recall@5 and MRR@10 for BM25 alone, the local
 * embedder alone, and the fused hybrid, through the real ingest pipeline and search, or the in-memory harness
 * (bench/retrieval-eval-memory.ts) with --memory. --pgvector also scores the
 * fused ranking of the pgvector store (bench/retrieval-eval-pgvector.ts).
 */
const useMemory = process.argv.includes("--memory");
const set = loadEvalSet();
const embedder = new LocalEmbeddings({ dimensions: defaultLocalDimensions });
const print = (name: string, rankings: string[][]) =>
  console.log(formatScores(name, scoreRankings(set.questions, rankings)));
const ranks = (rank: (question: string) => string[]) => set.questions.map((q) => rank(q.question));

if (useMemory) {
  const harness = buildHarness(set, { dimensions: defaultLocalDimensions });
  console.log(
    `in-memory harness (${embedder.id}): ${set.sections.length} sections -> ${harness.chunkCount} chunks`,
  );
  console.log(scoreHeader);
  print("BM25", ranks(harness.rankKeyword));
  print("local vectors (exact cosine)", ranks(harness.rankVector));
  print(
    "fused",
    ranks((question) => harness.rankFused(question)),
  );
} else {
  const { rankWithPipeline } = await import("./retrieval-eval-pipeline.js");
  const result = await rankWithPipeline(set, embedder, 40);
  console.log(
    `real pipeline (${embedder.id}): ${set.sections.length} sections -> ${result.chunkCount} chunks, ` +
      `${result.failed} failed, ingest ${(result.ingestMs / 1000).toFixed(1)} s`,
  );
  console.log(scoreHeader);
  print("BM25", result.rankings.keyword);
  print("local vectors (HNSW)", result.rankings.vector);
  print("fused (searchFileGeneration)", result.rankings.fused);
  print("passages given to a model", result.rankings.ranked);
  if (process.argv.includes("--pgvector")) {
    const { rankWithPgvector } = await import("./retrieval-eval-pgvector.js");
    const pg = await rankWithPgvector(set, embedder, 40);
    console.log(`pgvector store: ${pg.chunkCount} chunks, ingest ${(pg.ingestMs / 1000).toFixed(1)} s`);
    print("fused, pgvector store", pg.fused);
  }
}
console.log(`${set.questions.length} questions; targets for fused: recall@3 >= 0.75, MRR@3 >= 0.88`);
