import { buildPrompt } from "../src/answer/build-prompt.js";
import { checkCitations } from "../src/answer/check-citations.js";
import { rankPassages, rankUnits } from "../src/answer/rank-units.js";
import { judgeCoverage } from "../src/answer/relevance-gate.js";
import { createSourceLinker } from "../src/answer/source-links.js";
import { loadConfig } from "../src/config/config.js";
import type { SearchHit } from "../src/documents/chunk.js";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { resolveEngineProfile } from "../src/engines/engine-profiles.js";
import { createLlama2TokenCounter, estimateTokenCounter } from "../src/engines/token-counters.js";
import { createFileIndexStore } from "../src/index-store/files/file-index-store.js";
import { readCurrentGeneration } from "../src/index-store/files/generation-folders.js";
import { indexPaths } from "../src/index-store/files/index-paths.js";
import { openCurrentFileGeneration } from "../src/index-store/files/load-file-generation.js";
import { KnowledgeBase } from "../src/index-store/knowledge-base.js";
import { silentLogger } from "../src/logging/logger.js";
import { analyseQuestion } from "../src/understanding/analyse-question.js";
import { makeHandbookQueries } from "./handbook-queries.js";
import { loadAverage, median, numberFlag, percentile, timeAsync } from "./measure-helpers.js";

/**
 * The measuring half of query-overhead.ts, in a fresh process: the answer path of answer-question.ts without the
 * model, stage by stage: understand (analyseQuestion with one earlier question: weights, related words),
 * retrieve (KnowledgeBase.search with the candidates the pipeline asks for), rank (sentences, rows and items of
 * the candidates) and the coverage judgement, prompt build (Ollama llama2 profile, Llama 2 token counter, two
 * turns of history) and citation check of a model-like answer.
 * Usage: npx tsx bench/query-overhead-measure.ts <indexDir> [--passes 3] [--queries 1000]
 */
const indexDir = process.argv[2];
if (indexDir === undefined || indexDir.startsWith("--")) {
  console.error("Usage: npx tsx bench/query-overhead-measure.ts <indexDir> [--passes 3] [--queries 1000]");
  process.exit(2);
}
const passes = numberFlag("passes", 3);
const config = loadConfig({
  environment: {},
  envFile: null,
  overrides: {
    LLM_PROVIDER: "ollama",
    LLM_MODEL: "llama2",
    DOCENT_SOURCE_BASE_URL: "https://handbook.tts.gsa.gov/",
  },
});
const profile = resolveEngineProfile(config.llm);
const llamaCounter = await createLlama2TokenCounter();
let countingMs = 0;
/** The Llama 2 counter, timed: how much of the prompt build is token counting. */
const counter = {
  id: llamaCounter.id,
  count(text: string): number {
    const started = performance.now();
    const tokens = llamaCounter.count(text);
    countingMs += performance.now() - started;
    return tokens;
  },
};
const links = createSourceLinker(config.answers);
const knowledge = new KnowledgeBase(createFileIndexStore(indexDir), new LocalEmbeddings(), silentLogger);
const index = await knowledge.current();
const { chunks } = await openCurrentFileGeneration(indexDir, new LocalEmbeddings().id);
const queries = makeHandbookQueries(chunks.readAll(), numberFlag("queries", 1000), 23);
const history = [
  { author: "user" as const, text: "How many days of annual leave do new employees get?" },
  { author: "assistant" as const, text: "New employees earn 4 hours of annual leave every pay period [1]." },
];
const stages = [
  "understand",
  "retrieve",
  "rank",
  "prompt",
  "citations",
  "total",
  "counting",
  "estimate",
  "pointer",
] as const;
type Timings = Record<(typeof stages)[number], number[]>;
const emptyTimings = (): Timings =>
  Object.fromEntries(stages.map((stage) => [stage, [] as number[]])) as Timings;
const notes: Record<string, string> = {
  total: "understand + retrieve + rank + prompt + citations",
  counting: "of prompt: Llama 2 token counting",
  estimate: "not in total: the same prompt with the estimate counter",
  pointer: "not in total: reading CURRENT alone (done inside retrieve)",
};

/** What a model answer looks like: a sentence from each of the first three sources with its marker, and one bad marker. */
function modelLikeAnswer(sources: readonly SearchHit[]): string {
  const sentences = sources.slice(0, 3).map((hit, position) => {
    const sentence = hit.chunk.text.split(/(?<=[.!?])\s+/)[0] ?? hit.chunk.text.slice(0, 200);
    return `${sentence.slice(0, 300)} [${position + 1}]`;
  });
  return `${sentences.join(" ")} See also the policy page [${sources.length + 2}].`;
}

function time<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
}

/** One question through the answer path; the model-like answer is made outside the timed stages. */
async function answerWithoutModel(question: string, scopes: readonly string[] | undefined, timings: Timings) {
  const earlier = history.filter((turn) => turn.author === "user").map((turn) => turn.text);
  const [asked, understandMs] = time(() => analyseQuestion(question, earlier));
  const [hits, retrieveMs] = await timeAsync(() =>
    knowledge.search(asked.searchText, { k: Math.max(config.answers.topK * 5, 30), scopes }),
  );
  const [ranked, rankMs] = time(() => {
    const units = rankUnits(asked, hits);
    return { units, coverage: judgeCoverage(units, hits, config.answers.minRelevance) };
  });
  timings.understand.push(understandMs);
  timings.retrieve.push(retrieveMs);
  timings.rank.push(rankMs);
  const gateMs = understandMs + rankMs;
  if (ranked.coverage.level === "unrelated") return timings.total.push(retrieveMs + gateMs);
  const relevant = rankPassages(ranked.units, hits, config.answers.topK);
  countingMs = 0;
  const [prompt, promptMs] = time(() => buildPrompt({ question, history, hits: relevant, profile, counter }));
  timings.counting.push(countingMs);
  const input = { question, history, hits: relevant, profile, counter: estimateTokenCounter };
  timings.estimate.push(time(() => buildPrompt(input))[1]);
  timings.pointer.push((await timeAsync(() => readCurrentGeneration(indexPaths(indexDir ?? ""))))[1]);
  const text = modelLikeAnswer(prompt.sources);
  const citationsMs = time(() => checkCitations(text, prompt.sources, links))[1];
  timings.prompt.push(promptMs);
  timings.citations.push(citationsMs);
  timings.total.push(retrieveMs + gateMs + promptMs + citationsMs);
}

const scope = Object.keys(index.manifest.scopes).sort()[1] ?? "scope-1";
for (const scopes of [undefined, [scope]]) {
  const warm = emptyTimings();
  for (const question of queries.slice(0, 200)) await answerWithoutModel(question, scopes, warm);
  const perPass: Timings[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const timings = emptyTimings();
    for (const question of queries) await answerWithoutModel(question, scopes, timings);
    perPass.push(timings);
  }
  const passed = perPass[0]?.prompt.length ?? 0;
  console.log(
    `${index.manifest.counts.chunks} chunks, ${scopes ? `scope ${scope}` : "no scope filter"}, top ${config.answers.topK}, ` +
      `${profile.model} window ${profile.contextWindow}; ${passed}/${queries.length} questions passed the gate; load ${loadAverage()}`,
  );
  for (const stage of stages) {
    const p50 = median(perPass.map((timings) => percentile(timings[stage], 0.5)));
    const p99 = median(perPass.map((timings) => percentile(timings[stage], 0.99)));
    const note = notes[stage] ? ` (${notes[stage]})` : "";
    console.log(`  ${stage.padEnd(10)} p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms${note}`);
  }
}
