import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingestDocuments } from "../ingest/ingest-pipeline.js";
import { rankPassages, rankUnits } from "../src/answer/rank-units.js";
import type { Embedder } from "../src/embeddings/embedder.js";
import { createFileIndexStore } from "../src/index-store/file-index-store.js";
import { openCurrentFileGeneration } from "../src/index-store/load-file-generation.js";
import { silentLogger } from "../src/logging/logger.js";
import { documentsFolder } from "../src/sources/folder/folder-source.js";
import { analyseQuestion } from "../src/understanding/analyse-question.js";
import { searchLoaded } from "../test/helpers/ingest-fixture.js";
import { type EvalSet, sectionMarkdown } from "./retrieval-eval-data.js";
import { dedupeSections } from "./retrieval-eval-scoring.js";

/**
 * The real pipeline: each section becomes a Markdown file (neutral names, so file names carry no hints), the
 * ingest pipeline splits, embeds and indexes them, and questions go through the real hybrid search (searchFileGeneration,
 * with its own depth); BM25 and vectors alone are searched in the same opened index.
 */
/** Each section as a Markdown file with a neutral name; returns file name -> section id. */
export async function writeSections(set: EvalSet, docsDir: string): Promise<Map<string, string>> {
  await mkdir(docsDir, { recursive: true });
  const sectionBySource = new Map<string, string>();
  for (const [position, section] of set.sections.entries()) {
    const source = `section-${String(position).padStart(4, "0")}.md`;
    sectionBySource.set(source, section.chunk_link);
    await writeFile(join(docsDir, source), sectionMarkdown(section));
  }
  return sectionBySource;
}

export async function rankWithPipeline(set: EvalSet, embedder: Embedder, depth: number) {
  const workDir = await mkdtemp(join(tmpdir(), "docent-retrieval-eval-"));
  try {
    const docsDir = join(workDir, "docs");
    const indexDir = join(workDir, "index");
    const sectionBySource = await writeSections(set, docsDir);
    const started = performance.now();
    const summary = await ingestDocuments({
      sources: [documentsFolder(docsDir, 10 * 1024 * 1024)],
      docsDir,
      store: createFileIndexStore(indexDir),
      rebuild: true,
      embedder,
      embedding: { batchSize: 64, concurrency: 1, maxRetries: 0, timeoutMs: 120_000 },
      chunking: { chunkSize: 1000, chunkOverlap: 150 },
      logger: silentLogger,
    });
    const ingestMs = performance.now() - started;
    const index = await openCurrentFileGeneration(indexDir, embedder.id);
    const toSections = (labels: number[]) =>
      dedupeSections(labels.map((label) => sectionBySource.get(index.chunkAt(label)?.source ?? "") ?? ""));
    const rankings = {
      keyword: [] as string[][],
      vector: [] as string[][],
      fused: [] as string[][],
      ranked: [] as string[][],
    };
    for (const { question } of set.questions) {
      rankings.keyword.push(toSections(index.keywords.search(question, depth).map((hit) => hit.label)));
      const queryVector = await embedder.embedQuery(question);
      rankings.vector.push(toSections(index.vectors.search(queryVector, depth).map((hit) => hit.label)));
      const hits = await searchLoaded(index, embedder, question, { k: depth });
      rankings.fused.push(dedupeSections(hits.map((hit) => sectionBySource.get(hit.chunk.source) ?? "")));
      // What the answer pipeline hands a model (answer-question.ts): the passages found for the question, with
      // those of the two best sentences (searched with synonyms, ranked by sentence) made sure of.
      const asked = analyseQuestion(question);
      const candidates = await searchLoaded(index, embedder, asked.searchText, { k: Math.max(depth, 30) });
      const passages = rankPassages(rankUnits(asked, candidates), hits, depth);
      rankings.ranked.push(
        dedupeSections(passages.map((hit) => sectionBySource.get(hit.chunk.source) ?? "")),
      );
    }
    return { rankings, chunkCount: summary.chunks, failed: summary.failed.length, ingestMs };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
