import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { createFileIndexStore } from "../src/index-store/files/file-index-store.js";
import type { IndexStore } from "../src/index-store/index-store.js";
import { KnowledgeBase } from "../src/index-store/knowledge-base.js";
import { createPgvectorIndexStore } from "../src/index-store/pgvector/pgvector-index-store.js";
import { silentLogger } from "../src/logging/logger.js";
import { mapVocabulary, type Vocabulary } from "../src/retrieval/vocabulary.js";
import { stemWord } from "../src/text/stem-word.js";
import { englishWordCounts } from "../src/understanding/english-frequency.js";
import { baseForms } from "../src/understanding/related-words.js";
import { correctWords, prepareSpelling } from "../src/understanding/spelling/correct-spelling.js";
import { wordNetKnows } from "../src/understanding/spelling/wordnet-lemmas.js";
import { loadAverage, mebibytes, numberFlag, percentile, requireHandbook } from "./measure-helpers.js";
import { handbookSentences, type TypoQuestion, withTypos } from "./spelling-queries.js";

/**
 * The measuring half of spelling.ts, in a fresh process started with --expose-gc: the one-time costs (the English
 * list, the English candidate index, WordNet; then per index generation the vocabulary and the index of its
 * terms), their memory, and correctWords per question over handbook sentences as they are and with typos.
 * Usage: node --expose-gc --import tsx bench/spelling-measure.ts <indexDir> | --database-url <url> --schema <name>
 *   [--questions 1000] [--passes 5] [--stress-terms 0]
 */
const flag = (name: string) => process.argv[process.argv.indexOf(`--${name}`) + 1];
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("Run with node --expose-gc");
const memory = () => {
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};
const timed = async <T>(label: string, run: () => T | Promise<T>): Promise<T> => {
  const before = memory();
  const started = performance.now();
  const result = await run();
  const milliseconds = performance.now() - started;
  console.log(`  ${label}: ${milliseconds.toFixed(0)} ms, +${mebibytes(memory() - before)}`);
  return result;
};

const store: IndexStore = process.argv.includes("--database-url")
  ? await createPgvectorIndexStore({
      url: flag("database-url") ?? "",
      schema: flag("schema") ?? "",
      logger: silentLogger,
    })
  : createFileIndexStore(process.argv[2] ?? "");
const knowledge = new KnowledgeBase(store, new LocalEmbeddings(), silentLogger);
const generation = await knowledge.current();
console.log(
  `index: ${generation.manifest.counts.chunks} chunks (${store.description}); load ${loadAverage()}`,
);
console.log(
  "once per process (the first two are paid by the question path already: word weights, related words)",
);
await timed("English list (SUBTLEX)", () => englishWordCounts().size);
await timed("WordNet", () => baseForms("zorblax"));
console.log("once per process, for spelling");
await timed("WordNet's lemmas as hashes", () => wordNetKnows("zorblax"));
const empty = mapVocabulary(new Map(), stemWord);
const english = await timed("English candidate index", () => prepareSpelling(empty));
console.log(
  `    ${english.englishPairs} (deletion, word) pairs, ${mebibytes(english.englishBytes)} of typed arrays`,
);
console.log("once per index generation");
const vocabulary = await timed("vocabulary (KnowledgeBase.vocabulary)", () => knowledge.vocabulary());
const terms = await timed("index of its terms", () => prepareSpelling(vocabulary));
console.log(
  `    ${vocabulary.size} terms, ${terms.documentPairs} (deletion, term) pairs, ${mebibytes(terms.documentBytes)}`,
);

const sentences = handbookSentences(requireHandbook(), numberFlag("questions", 1000));
const clean = sentences.map((words) => ({ words, originals: words.map(() => null) }));
const typos = withTypos(sentences);
measureQuestions("questions as written", clean, vocabulary);
measureQuestions("the same with typos", typos, vocabulary);
reportQuality(typos, vocabulary);

const stressTerms = numberFlag("stress-terms", 0);
if (stressTerms > 0) {
  console.log(
    `with ${stressTerms} made-up terms added to the vocabulary (a large corpus of names and jargon)`,
  );
  const counts = new Map([...vocabulary.terms()].map((term) => [term, vocabulary.chunkCount(term)]));
  for (const name of madeUpNames(stressTerms)) counts.set(name, 1);
  const stressed = mapVocabulary(counts, vocabulary.termOf);
  const sizes = await timed("index of its terms", () => prepareSpelling(stressed));
  console.log(
    `    ${stressed.size} terms, ${sizes.documentPairs} (deletion, term) pairs, ${mebibytes(sizes.documentBytes)}`,
  );
  measureQuestions("the same with typos", typos, stressed);
}
await store.close();

/**
 * correctWords per question, every question `passes` times: wall-time percentiles over all runs, the CPU time
 * per question (what the process spent, whatever else the machine ran meanwhile), and the percentiles of each
 * question's fastest run (its cost with the waiting for a busy machine's cores taken out).
 */
function measureQuestions(label: string, questions: readonly TypoQuestion[], words: Vocabulary): void {
  const passes = numberFlag("passes", 5);
  const times: number[] = [];
  const fastest = questions.map(() => Number.POSITIVE_INFINITY);
  const cpuBefore = process.cpuUsage();
  for (let pass = 0; pass < passes; pass++) {
    questions.forEach((question, index) => {
      const started = performance.now();
      correctWords(question.words, words);
      const elapsed = performance.now() - started;
      times.push(elapsed);
      fastest[index] = Math.min(fastest[index] ?? elapsed, elapsed);
    });
  }
  const cpu = process.cpuUsage(cpuBefore);
  const ms = (values: number[], share: number) => percentile(values, share).toFixed(3);
  console.log(
    `  ${label} (${questions.length} x ${passes}), ms a question: p50 ${ms(times, 0.5)}, p99 ${ms(times, 0.99)}, ` +
      `max ${Math.max(...times).toFixed(3)}; CPU ${((cpu.user + cpu.system) / 1000 / times.length).toFixed(3)} ` +
      `on average; fastest run p50 ${ms(fastest, 0.5)}, p99 ${ms(fastest, 0.99)}, max ${Math.max(...fastest).toFixed(3)}`,
  );
}

/** How the typos came out: read as the word slipped on (its term), left alone, or read as another word. */
function reportQuality(questions: readonly TypoQuestion[], words: Vocabulary): void {
  let slips = 0;
  let restored = 0;
  let misread = 0;
  let untouchedCorrected = 0;
  let untouched = 0;
  for (const question of questions) {
    correctWords(question.words, words).forEach((result, position) => {
      const original = question.originals[position];
      if (original === null || original === undefined) {
        untouched++;
        if (result.status === "corrected") untouchedCorrected++;
        return;
      }
      slips++;
      const meant = words.termOf(original.toLowerCase());
      const read =
        result.term ?? (result.status === "in-documents" ? words.termOf(result.word.toLowerCase()) : null);
      if (read === meant) restored++;
      else if (result.status === "corrected" || result.status === "in-documents") misread++;
    });
  }
  const share = (count: number, of: number) => `${count} (${((100 * count) / Math.max(of, 1)).toFixed(1)}%)`;
  console.log(
    `  typos: ${slips} slips, read as the word meant ${share(restored, slips)}, read as another word ` +
      `${share(misread, slips)}, left alone ${share(slips - restored - misread, slips)}; ` +
      `words without a slip corrected: ${share(untouchedCorrected, untouched)}`,
  );
}

function madeUpNames(count: number): string[] {
  const syllables =
    "ka lo mi ne ru sa ti vo zen dar quo lin wex bor phi gra stu mel tor ish ap eb od uv yo fen gur hal jik nop".split(
      " ",
    );
  let state = 3;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  const names = new Set<string>();
  while (names.size < count) {
    const length = 2 + (next() % 3);
    names.add(Array.from({ length }, () => syllables[next() % syllables.length]).join(""));
  }
  return [...names];
}
