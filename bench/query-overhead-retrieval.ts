import { answerQuestion } from "../src/answer/answer-question.js";
import { createSourceLinker } from "../src/answer/source-links.js";
import { loadConfig } from "../src/config/config.js";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { createFileIndexStore } from "../src/index-store/files/file-index-store.js";
import { openCurrentFileGeneration } from "../src/index-store/files/load-file-generation.js";
import type { SearchOptions } from "../src/index-store/index-store.js";
import { KnowledgeBase } from "../src/index-store/knowledge-base.js";
import { silentLogger } from "../src/logging/logger.js";
import { fuseRankings } from "../src/retrieval/fuse-rankings.js";
import { loadAverage, numberFlag } from "./measure-helpers.js";
import { makeBenchQuestions } from "./query-overhead-questions.js";

/**
 * What one search of the path without a model costs, part by part, at the size of the index given: the search
 * texts are those answerQuestion sends for the questions of query-overhead-measure.ts (one pass), then each part
 * of a search (embedding the text, the vector search, the question's weight, the keyword search, fusion, reading
 * 30 chunks) is run over all of them, `rounds` times, and the least CPU time per search of the rounds is printed
 * (the least is the steadiest on a shared machine). Without and with the bench's scope filter.
 * Usage: npx tsx bench/query-overhead-retrieval.ts <indexDir> [--queries 1000] [--rounds 5]
 */
const indexDir = process.argv[2];
if (indexDir === undefined || indexDir.startsWith("--")) {
  console.error("Usage: npx tsx bench/query-overhead-retrieval.ts <indexDir> [--queries 1000] [--rounds 5]");
  process.exit(2);
}
const queryCount = numberFlag("queries", 1000);
const rounds = numberFlag("rounds", 5);
const depth = 120;

/** The knowledge base, keeping the text of every search. */
class RecordingKnowledgeBase extends KnowledgeBase {
  readonly texts: string[] = [];
  override search(question: string, options: SearchOptions) {
    this.texts.push(question);
    return super.search(question, options);
  }
}

const config = loadConfig({ environment: {}, envFile: null, overrides: {} });
const embedder = new LocalEmbeddings();
const knowledge = new RecordingKnowledgeBase(createFileIndexStore(indexDir), embedder, silentLogger);
const dependencies = {
  knowledge,
  engine: null,
  settings: config.answers,
  links: createSourceLinker(config.answers),
  logger: silentLogger,
};
const generation = await openCurrentFileGeneration(indexDir, embedder.id);
for (const { question } of makeBenchQuestions(generation.chunks.readAll(), queryCount, 23)) {
  await answerQuestion(question, dependencies);
}
const texts = knowledge.texts;
const vectors = await embedder.embedDocuments(texts);
const scope = Object.keys(generation.manifest.scopes).sort()[1] ?? "scope-1";

for (const filter of [undefined, generation.scopeFilter([scope])]) {
  const vectorHits = texts.map((_, index) =>
    generation.vectors
      .search(vectors[index] ?? [], depth, filter)
      .map((hit) => ({ label: hit.label, score: hit.similarity })),
  );
  const keywordHits = texts.map((text) => generation.keywords.search(text, depth, filter?.allows));
  const parts: Record<string, (index: number) => unknown> = {
    embed: (index) => embedder.embedQuery(texts[index] ?? ""),
    "vector search": (index) => generation.vectors.search(vectors[index] ?? [], depth, filter),
    "question weight": (index) => generation.keywords.queryWeight(texts[index] ?? ""),
    "keyword search": (index) => generation.keywords.search(texts[index] ?? "", depth, filter?.allows),
    fusion: (index) => fuseRankings(vectorHits[index] ?? [], keywordHits[index] ?? []),
    "read 30 chunks": (index) => {
      for (const hit of (keywordHits[index] ?? []).slice(0, 30)) generation.chunkAt(hit.label);
    },
  };
  const least = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const [part, run] of Object.entries(parts)) {
      const started = process.cpuUsage();
      for (let index = 0; index < texts.length; index++) run(index);
      const used = process.cpuUsage(started);
      const perSearch = (used.user + used.system) / 1000 / texts.length;
      least.set(part, Math.min(least.get(part) ?? Number.POSITIVE_INFINITY, perSearch));
    }
  }
  console.log(
    `\n${generation.manifest.counts.chunks} chunks, ${filter ? `scope ${scope}` : "no scope filter"}: ` +
      `${texts.length} search texts, least CPU per search of ${rounds} rounds; load ${loadAverage()}`,
  );
  for (const [part, milliseconds] of least) console.log(`  ${part.padEnd(16)} ${milliseconds.toFixed(3)} ms`);
}
