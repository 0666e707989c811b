import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { answerQuestion } from "../src/answer/answer-question.js";
import type { Question } from "../src/answer/answer-types.js";
import { createSourceLinker } from "../src/answer/source-links.js";
import { loadConfig } from "../src/config/config.js";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { createFileIndexStore } from "../src/index-store/files/file-index-store.js";
import { openCurrentFileGeneration } from "../src/index-store/files/load-file-generation.js";
import type { SearchOptions } from "../src/index-store/index-store.js";
import { KnowledgeBase } from "../src/index-store/knowledge-base.js";
import { silentLogger } from "../src/logging/logger.js";
import { answerInStages, cpuMilliseconds, pathStages } from "./answer-path-stages.js";
import { loadAverage, mebibytes, numberFlag, percentile } from "./measure-helpers.js";
import { type BenchQuestion, makeBenchQuestions, type QuestionKind } from "./query-overhead-questions.js";

/**
 * The measuring half of query-overhead.ts, in a fresh process: the answer path as a bot without a model runs it
 * (answerQuestion with engine null: spelling, the conversation's reading, parts, understanding, retrieval of 30
 * candidates per search, ranking and judgement, the quoted reply), over single questions (some with a typo),
 * follow-ups with a conversation before them and two-part questions (query-overhead-questions.ts).
 *   - the real path, timed whole per question: `passes` passes of `queries` questions each, every pass its own
 *     questions (so that nothing remembered from an earlier pass answers them), after a warm-up of 200 others;
 *   - the same path step for step (answer-path-stages.ts) on one more set of questions, timed per stage, its
 *     replies checked against answerQuestion's.
 * Without and with a scope filter. Prints a digest of every reply of the real path: a change that is pure speed
 * leaves it as it is (--answers FILE writes the replies, to diff when it moves).
 * Usage: npx tsx bench/query-overhead-measure.ts <indexDir> [--passes 3] [--queries 1000] [--answers FILE]
 */
const indexDir = process.argv[2];
if (indexDir === undefined || indexDir.startsWith("--")) {
  console.error("Usage: npx tsx bench/query-overhead-measure.ts <indexDir> [--passes 3] [--queries 1000]");
  process.exit(2);
}
const passes = numberFlag("passes", 3);
const queryCount = numberFlag("queries", 1000);
const answersFile = process.argv[process.argv.indexOf("--answers") + 1];
const writeAnswers = process.argv.includes("--answers") && answersFile !== undefined;

/** The knowledge base, counting searches. */
class CountedKnowledgeBase extends KnowledgeBase {
  searches = 0;
  override search(question: string, options: SearchOptions) {
    this.searches++;
    return super.search(question, options);
  }
}

const config = loadConfig({
  environment: {},
  envFile: null,
  overrides: { DOCENT_SOURCE_BASE_URL: "https://handbook.tts.gsa.gov/" },
});
const knowledge = new CountedKnowledgeBase(
  createFileIndexStore(indexDir),
  new LocalEmbeddings(),
  silentLogger,
);
const dependencies = {
  knowledge,
  engine: null,
  settings: config.answers,
  links: createSourceLinker(config.answers),
  logger: silentLogger,
};
const index = await knowledge.current();
const { chunks } = await openCurrentFileGeneration(indexDir, new LocalEmbeddings().id);
const allChunks = chunks.readAll();
const kinds: readonly QuestionKind[] = ["single", "follow-up", "two-part"];
const digest = createHash("sha256");
const replies: string[] = [];

const withScopes = (question: Question, scopes: readonly string[] | undefined): Question =>
  scopes === undefined ? question : { ...question, scopes };

type Samples<Key extends string> = Map<Key, { wall: number[]; cpu: number[] }>;
const samplesOf = <Key extends string>(keys: readonly Key[]): Samples<Key> =>
  new Map(keys.map((key) => [key, { wall: [], cpu: [] }]));

/** One pass of the real path: milliseconds per question by kind (wall clock and CPU), and searches made. */
async function realPass(questions: readonly BenchQuestion[], scopes: readonly string[] | undefined) {
  const byKind = samplesOf(["all", ...kinds] as const);
  const searchesBefore = knowledge.searches;
  for (const { kind, question } of questions) {
    const [started, cpuStarted] = [performance.now(), process.cpuUsage()];
    const answer = await answerQuestion(withScopes(question, scopes), dependencies);
    const [wall, cpu] = [performance.now() - started, cpuMilliseconds(process.cpuUsage(cpuStarted))];
    for (const key of [kind, "all"] as const) {
      byKind.get(key)?.wall.push(wall);
      byKind.get(key)?.cpu.push(cpu);
    }
    const line = `${scopes?.join(",") ?? "-"}\t${kind}\t${JSON.stringify(question)}\t${answer.outcome}\t${JSON.stringify(answer.text)}`;
    digest.update(`${line}\n`);
    if (writeAnswers) replies.push(line);
  }
  return { byKind, searches: knowledge.searches - searchesBefore };
}

/** The path step for step: milliseconds per stage, each reply checked against answerQuestion's. */
async function stagePass(questions: readonly BenchQuestion[], scopes: readonly string[] | undefined) {
  const stages = samplesOf([...pathStages, "total"] as const);
  let differing = 0;
  for (const { question } of questions) {
    const staged = await answerInStages(withScopes(question, scopes), dependencies);
    let [wall, cpu] = [0, 0];
    for (const stage of pathStages) {
      stages.get(stage)?.wall.push(staged.stages[stage]);
      stages.get(stage)?.cpu.push(staged.cpu[stage]);
      wall += staged.stages[stage];
      cpu += staged.cpu[stage];
    }
    stages.get("total")?.wall.push(wall);
    stages.get("total")?.cpu.push(cpu);
    const real = await answerQuestion(withScopes(question, scopes), dependencies);
    if (real.text !== staged.text || real.outcome !== staged.outcome) differing++;
  }
  return { stages, differing };
}

const fixed = (value: number) => value.toFixed(2).padStart(7);
const figures = ({ wall, cpu }: { wall: number[]; cpu: number[] }) =>
  `${fixed(percentile(wall, 0.5))} / ${fixed(percentile(wall, 0.99))} ms wall, ` +
  `${fixed(percentile(cpu, 0.5))} / ${fixed(percentile(cpu, 0.99))} ms CPU`;
const medianOf = (values: readonly number[]) => percentile(values, 0.5);

const scope = Object.keys(index.manifest.scopes).sort()[1] ?? "scope-1";
for (const scopes of [undefined, [scope]]) {
  await realPass(makeBenchQuestions(allChunks, 200, 5), scopes);
  const results: Array<Awaited<ReturnType<typeof realPass>>> = [];
  for (let pass = 0; pass < passes; pass++) {
    results.push(await realPass(makeBenchQuestions(allChunks, queryCount, 23 + pass), scopes));
  }
  const staged = await stagePass(makeBenchQuestions(allChunks, queryCount, 101), scopes);
  const searches = results.reduce((sum, result) => sum + result.searches, 0) / (passes * queryCount);
  console.log(
    `\n${index.manifest.counts.chunks} chunks, ${scopes ? `scope ${scope}` : "no scope filter"}: ${passes} passes of ` +
      `${queryCount} questions (${searches.toFixed(2)} searches a question); load ${loadAverage()}`,
  );
  console.log("  by stage (one more pass, step for step; p50 / p99 of each stage alone):");
  for (const [stage, values] of staged.stages) console.log(`    ${stage.padEnd(10)} ${figures(values)}`);
  if (staged.differing > 0) {
    console.log(
      `    ${staged.differing} replies of the steps differ from answerQuestion's: update answer-path-stages.ts`,
    );
    process.exitCode = 1;
  }
  console.log("  the real path (answerQuestion), median of the passes' p50 / p99:");
  for (const kind of ["all", ...kinds] as const) {
    const median = (share: number, clock: "wall" | "cpu") =>
      medianOf(results.map((result) => percentile(result.byKind.get(kind)?.[clock] ?? [], share)));
    const count = results[0]?.byKind.get(kind)?.wall.length ?? 0;
    const wall = `${fixed(median(0.5, "wall"))} / ${fixed(median(0.99, "wall"))} ms wall`;
    const cpu = `${fixed(median(0.5, "cpu"))} / ${fixed(median(0.99, "cpu"))} ms CPU`;
    console.log(`    ${kind.padEnd(10)} ${wall}, ${cpu} (${count} a pass)`);
  }
}
const memory = process.memoryUsage();
console.log(
  `\nreplies digest ${digest.digest("hex").slice(0, 16)}; heap ${mebibytes(memory.heapUsed)}, rss ${mebibytes(memory.rss)}; load ${loadAverage()}`,
);
if (writeAnswers) writeFileSync(answersFile, `${replies.join("\n")}\n`);
