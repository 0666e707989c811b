import { KeywordIndex } from "../src/retrieval/keyword-index.js";
import { stopwords } from "../src/text/stopwords.js";

/**
 * BM25 at scale: 100k synthetic chunks of 150 words drawn from a Zipf distribution (s = 1) over a 100k-word
 * vocabulary whose 50 most frequent words are English stopwords (dropped by the tokenizer, as in real text).
 * With --no-stopwords every word is a content word, so the commonest terms occur in every chunk: a worst case.
 * Queries of 5-10 words are drawn from random chunks. Prints build, toBuffer, fromBuffer and search timings.
 * Usage: npx tsx bench/keyword-index-scale.ts [chunks]
 */
const numericArguments = process.argv.slice(2).filter((argument) => /^\d+$/.test(argument));
const chunkCount = Number(numericArguments[0] ?? 100_000);
const withStopwords = !process.argv.includes("--no-stopwords");
const vocabularySize = 100_000;
const wordsPerChunk = 150;

let seed = 42;
const random = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const syllables = [
  "ka",
  "lo",
  "mi",
  "ne",
  "ru",
  "sa",
  "to",
  "vi",
  "zu",
  "pe",
  "da",
  "fo",
  "gi",
  "ba",
  "xe",
  "wu",
];
const englishStopwords = [...stopwords].filter((word) => word.length > 1).slice(0, 50);
const vocabulary = Array.from({ length: vocabularySize }, (_, rank) => {
  if (withStopwords && rank < englishStopwords.length) return englishStopwords[rank] ?? "";
  let word = "q";
  for (let value = rank + 1; value > 0; value = Math.floor(value / 16)) word += syllables[value % 16];
  return word;
});
const cumulative = new Float64Array(vocabularySize);
let total = 0;
for (let rank = 0; rank < vocabularySize; rank++) cumulative[rank] = total += 1 / (rank + 1);
const drawWord = (): string => {
  const target = random() * total;
  let low = 0;
  let high = vocabularySize - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((cumulative[middle] ?? 0) < target) low = middle + 1;
    else high = middle;
  }
  return vocabulary[low] ?? "";
};
const texts = Array.from({ length: chunkCount }, () =>
  Array.from({ length: wordsPerChunk }, drawWord).join(" "),
);

const time = <T>(run: () => T): [T, number] => {
  const started = performance.now();
  return [run(), performance.now() - started];
};
const [index, buildMs] = time(() => KeywordIndex.build(texts.map((text, label) => ({ label, text }))));
const [buffer, saveMs] = time(() => index.toBuffer());
const loadTimes = Array.from({ length: 5 }, () => time(() => KeywordIndex.fromBuffer(buffer))[1]);
const loaded = KeywordIndex.fromBuffer(buffer);
const loadMs = Math.min(...loadTimes);
const queries = Array.from({ length: 2000 }, () => {
  const words = (texts[Math.floor(random() * chunkCount)] ?? "").split(" ");
  const length = 5 + Math.floor(random() * 6);
  return Array.from({ length }, () => words[Math.floor(random() * words.length)]).join(" ");
});
for (const query of queries.slice(0, 200)) loaded.search(query, 40);
const durations = queries.map((query) => time(() => loaded.search(query, 40))[1]).sort((a, b) => a - b);
const filtered = queries.map((query) => time(() => loaded.search(query, 40, (label) => label % 10 === 0))[1]);
const percentile = (values: number[], share: number) => values[Math.floor(values.length * share)] ?? 0;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
console.log(
  `${chunkCount} chunks x ${wordsPerChunk} words, vocabulary ${vocabularySize}, ` +
    (withStopwords ? "top 50 words are stopwords" : "no stopwords (worst case)"),
);
console.log(
  `build ${(buildMs / 1000).toFixed(1)} s, toBuffer ${saveMs.toFixed(0)} ms, size ${(buffer.length / 2 ** 20).toFixed(1)} MiB`,
);
console.log(`fromBuffer best of 5 ${loadMs.toFixed(2)} ms (first ${loadTimes[0]?.toFixed(2)} ms)`);
console.log(
  `search k=40, 5-10 terms: mean ${mean(durations).toFixed(3)} ms, p50 ${percentile(durations, 0.5).toFixed(3)} ms, ` +
    `p99 ${percentile(durations, 0.99).toFixed(3)} ms; with a 10% allow filter: mean ${mean(filtered).toFixed(3)} ms`,
);
