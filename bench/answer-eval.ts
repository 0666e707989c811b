import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ingestDocuments } from "../ingest/ingest-pipeline.js";
import { createAnswerService } from "../src/answer/answer-service.js";
import type { Answer, HistoryTurn } from "../src/answer/answer-types.js";
import { loadConfig } from "../src/config/config.js";
import { createEmbedder } from "../src/embeddings/create-embedder.js";
import { createIndexStore } from "../src/index-store/create-index-store.js";
import { silentLogger } from "../src/logging/logger.js";
import { documentsFolder } from "../src/sources/folder/folder-source.js";
import { startFakeChatServer } from "../test/engines/fake-chat-server.js";
import { repositoryRoot } from "./measure-helpers.js";

/**
 * Scores answer quality on a question set of the answer-dev kind (single questions, follow-up dialogs,
 * unanswerable questions), in process, with the same rules as ../shared/tools/score-answer-dev.mjs: an answerable
 * item is correct when the answer is not "not covered", cites its source (or an also_ok file) and contains its
 * fact (case and spacing ignored); an unanswerable one when it is declined. Dialogs are one conversation, each
 * answer going into the history of the next turn, as `docent chat --json` does.
 *
 *   npx tsx bench/answer-eval.ts                           # ../shared/data/answer-dev over data/docs
 *   npx tsx bench/answer-eval.ts --set FILE --docs DIR     # any set over any folder
 *   npx tsx bench/answer-eval.ts --samples                 # the project's own sample questions over data/docs
 *   npx tsx bench/answer-eval.ts --verbose [--ids a01,f02] # each item's outcome, sources and answer
 *   npx tsx bench/answer-eval.ts --engine                  # with a model: how many answerable items reach it
 *   npx tsx bench/answer-eval.ts --set topic-shifts.jsonl --alone  # each dialog's last turn asked alone (the control)
 *   npx tsx bench/answer-eval.ts --outcomes                # one line per item: id, correct or not, outcome
 *
 * --engine answers through a loopback OpenAI-compatible server (test/engines/fake-chat-server.ts) and counts the
 * answerable items whose last turn reached the model with their source among the prompt's passages.
 *
 * No .env file is read; the engine is extractive unless LLM_* variables in the environment configure one, and
 * DOCENT_MIN_RELEVANCE may be set to try another threshold.
 */
interface Item {
  id: string;
  question?: string;
  turns?: string[];
  source?: string;
  also_ok?: string[];
  fact?: string;
  unanswerable?: boolean;
}

const { values } = parseArgs({
  options: {
    set: { type: "string" },
    samples: { type: "boolean", default: false },
    docs: { type: "string" },
    verbose: { type: "boolean", default: false },
    engine: { type: "boolean", default: false },
    ids: { type: "string" },
    alone: { type: "boolean", default: false },
    outcomes: { type: "boolean", default: false },
  },
});
const setFile = values.set ?? path.join(repositoryRoot, "../shared/data/answer-dev/questions.jsonl");
const docsDir = path.resolve(values.docs ?? path.join(repositoryRoot, "data/docs"));
const only = values.ids ? new Set(values.ids.split(",")) : null;
const items = (values.samples ? await readSampleItems() : await readItems(setFile)).filter(
  (item) => only === null || only.has(item.id),
);

async function readItems(file: string): Promise<Item[]> {
  const lines = (await readFile(file, "utf8")).split("\n").filter((line) => line.trim() !== "");
  return lines.map((line) => JSON.parse(line) as Item);
}

/** test/fixtures/sample-questions.json as items: the expected phrase is the fact; no source means unanswerable. */
async function readSampleItems(): Promise<Item[]> {
  const file = path.join(repositoryRoot, "test/fixtures/sample-questions.json");
  const { questions } = JSON.parse(await readFile(file, "utf8")) as {
    questions: Array<{ id: string; question: string; expectedSource: string | null; expectedPhrase: string }>;
  };
  return questions.map((sample) =>
    sample.expectedSource === null
      ? { id: sample.id, question: sample.question, unanswerable: true }
      : {
          id: sample.id,
          question: sample.question,
          source: sample.expectedSource,
          fact: sample.expectedPhrase,
        },
  );
}

const workDir = await mkdtemp(path.join(tmpdir(), "docent-answer-eval-"));
const server = values.engine ? await startFakeChatServer() : null;
const engineSettings = server
  ? { LLM_PROVIDER: "openai-compatible", LLM_BASE_URL: `${server.url}/v1`, LLM_MODEL: "llama-2-7b-chat" }
  : {};
const config = loadConfig({
  envFile: null,
  environment: Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => name.startsWith("LLM_") || name === "DOCENT_MIN_RELEVANCE",
    ),
  ),
  overrides: { ...engineSettings, DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: path.join(workDir, "index") },
});
const embedder = await createEmbedder(config.embeddings, silentLogger);
const store = await createIndexStore(config, silentLogger);
const summary = await ingestDocuments({
  sources: [documentsFolder(docsDir, config.maxFileBytes)],
  docsDir,
  store,
  rebuild: true,
  embedder,
  embedding: config.embeddings,
  chunking: config.chunking,
  logger: silentLogger,
});
await store.close();
const folders = (await readdir(docsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory());
const scopes = [...new Set(["public", ...folders.map((entry) => entry.name)])];
const service = await createAnswerService(config, silentLogger);

const normalise = (text: string | undefined) =>
  (text ?? "")
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, " ")
    .replace(/[*_`]/g, "");
const covered = (answer: Answer) => answer.outcome !== "not-covered" && answer.grounded !== false;
const tally = { single: [0, 0], dialog: [0, 0], unanswerable: [0, 0] };
const misses: string[] = [];
const reachedModel = { withSource: 0, answerable: 0, unanswerable: 0 };

for (const item of items) {
  const asked = item.turns ?? [item.question ?? ""];
  const turns = values.alone ? asked.slice(-1) : asked;
  const history: HistoryTurn[] = [];
  let answer: Answer | null = null;
  let lastPrompt: string | null = null;
  for (const turn of turns) {
    const before = server?.requests.length ?? 0;
    answer = await service.answer({ text: turn, scopes, history: [...history] });
    history.push({ author: "user", text: turn }, { author: "assistant", text: answer.text });
    const request = server?.requests[before];
    lastPrompt = request === undefined ? null : JSON.stringify(request.body.messages);
  }
  if (answer === null) continue;
  if (server !== null && lastPrompt !== null) {
    if (item.unanswerable) reachedModel.unanswerable++;
    else {
      reachedModel.answerable++;
      if (
        [item.source, ...(item.also_ok ?? [])].some((source) => lastPrompt?.includes(`path=\\"${source}\\"`))
      )
        reachedModel.withSource++;
      else misses.push(`${item.id} ${lastPrompt === null ? "declined" : "without its source"}`);
    }
  }
  let correct: boolean;
  let kind: keyof typeof tally;
  if (item.unanswerable) {
    kind = "unanswerable";
    correct = !covered(answer);
  } else {
    kind = item.turns ? "dialog" : "single";
    const accepted = new Set([item.source, ...(item.also_ok ?? [])]);
    const cites = answer.citations.some((citation) => accepted.has(citation.source));
    const fact = normalise(answer.text).includes(normalise(item.fact));
    correct = covered(answer) && cites && fact;
    if (!correct && server === null) {
      const why = !covered(answer) ? "declined" : !cites ? "wrong source" : "fact missing";
      misses.push(`${item.id} ${why}`);
    }
  }
  if (item.unanswerable && !correct && server === null) misses.push(`${item.id} answered`);
  tally[kind][1] = (tally[kind][1] ?? 0) + 1;
  if (correct) tally[kind][0] = (tally[kind][0] ?? 0) + 1;
  if (values.outcomes) console.log(`${item.id} ${correct ? "ok" : "MISS"} ${answer.outcome}`);
  if (values.verbose) {
    console.log(`\n=== ${item.id} ${correct ? "OK" : "MISS"} [${answer.outcome}] ${turns.join(" / ")}`);
    console.log(`expected: ${item.unanswerable ? "decline" : `${item.source} :: ${item.fact}`}`);
    console.log(`cited: ${answer.citations.map((citation) => citation.source).join(", ")}`);
    console.log(answer.text);
  }
}
await service.close();
await server?.close();
await rm(workDir, { recursive: true, force: true });

const ratio = ([correct, total]: number[]) => `${correct}/${total}`;
console.log(
  `${values.samples ? "sample-questions.json" : `${path.basename(path.dirname(setFile))}/${path.basename(setFile)}`} over ${docsDir} (${summary.documents} documents, ${summary.chunks} chunks, engine ${service.engineId}):`,
);
if (server === null) {
  console.log(
    `correct single ${ratio(tally.single)}, dialogs ${ratio(tally.dialog)}, unanswerable declined ${ratio(tally.unanswerable)}`,
  );
  console.log(`misses: ${misses.join(", ") || "none"}`);
} else {
  const answerable = (tally.single[1] ?? 0) + (tally.dialog[1] ?? 0);
  console.log(
    `with a model: ${reachedModel.withSource}/${answerable} answerable items reached it with their source among the passages ` +
      `(${reachedModel.answerable} reached it in all); ${reachedModel.unanswerable}/${tally.unanswerable[1]} unanswerable reached it`,
  );
  console.log(`misses: ${misses.join(", ") || "none"}`);
}
