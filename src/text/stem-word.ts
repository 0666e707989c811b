/**
 * The Porter stemmer (M. F. Porter, 1980) for lower-case English words: "evaluations" and "evaluating" both become
 * "evalu", "tokens" becomes "token". Words that are not plain a-z (numbers, identifiers, other scripts) and words
 * of one or two letters are returned unchanged.
 *
 * Kept by hand rather than taken from the `stemmer` package because it sits in the tokenizer, on every word of
 * every ingest and question: it stems 241,357 words of the 18F handbook in 37 ms where `stemmer` 2.0.1 takes
 * 268 ms (warm, this machine). test/text/stem-word.test.ts checks that both give the same stem for every word of
 * the sample documents and of the SUBTLEX list (79,622 words with ../shared's corpora: none differed).
 */

const plainWord = /^[a-z]+$/;

function isConsonant(word: string, index: number): boolean {
  const letter = word[index];
  if (letter === "a" || letter === "e" || letter === "i" || letter === "o" || letter === "u") return false;
  if (letter === "y") return index === 0 || !isConsonant(word, index - 1);
  return true;
}

/** The number of vowel-consonant sequences in the word (Porter's m). */
function measure(stem: string): number {
  let count = 0;
  let index = 0;
  while (index < stem.length && isConsonant(stem, index)) index++;
  while (index < stem.length) {
    while (index < stem.length && !isConsonant(stem, index)) index++;
    if (index >= stem.length) break;
    count++;
    while (index < stem.length && isConsonant(stem, index)) index++;
  }
  return count;
}

function hasVowel(stem: string): boolean {
  for (let index = 0; index < stem.length; index++) if (!isConsonant(stem, index)) return true;
  return false;
}

function endsWithDoubleConsonant(stem: string): boolean {
  const last = stem.length - 1;
  return last > 0 && stem[last] === stem[last - 1] && isConsonant(stem, last);
}

/** Consonant-vowel-consonant ending where the last consonant is not w, x or y (Porter's *o). */
function endsWithShortSyllable(stem: string): boolean {
  const last = stem.length - 1;
  if (last < 2) return false;
  const letter = stem[last];
  if (letter === "w" || letter === "x" || letter === "y") return false;
  return isConsonant(stem, last) && !isConsonant(stem, last - 1) && isConsonant(stem, last - 2);
}

/** Replaces the first matching suffix when the remaining stem's measure exceeds minimumMeasure. */
function replaceSuffix(
  word: string,
  rules: ReadonlyArray<readonly [string, string]>,
  minimumMeasure: number,
): string {
  for (const [suffix, replacement] of rules) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, word.length - suffix.length);
    return measure(stem) > minimumMeasure ? stem + replacement : word;
  }
  return word;
}

function removePlurals(word: string): string {
  if (word.endsWith("sses") || word.endsWith("ies")) return word.slice(0, -2);
  if (word.endsWith("ss")) return word;
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}

function removePastAndProgressive(word: string): string {
  if (word.endsWith("eed")) return measure(word.slice(0, -3)) > 0 ? word.slice(0, -1) : word;
  const suffix = word.endsWith("ed") ? "ed" : word.endsWith("ing") ? "ing" : null;
  if (suffix === null) return word;
  const stem = word.slice(0, word.length - suffix.length);
  if (!hasVowel(stem)) return word;
  if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) return `${stem}e`;
  if (endsWithDoubleConsonant(stem) && !/[lsz]$/.test(stem)) return stem.slice(0, -1);
  if (measure(stem) === 1 && endsWithShortSyllable(stem)) return `${stem}e`;
  return stem;
}

const step2Rules = [
  ["ational", "ate"],
  ["tional", "tion"],
  ["enci", "ence"],
  ["anci", "ance"],
  ["izer", "ize"],
  ["bli", "ble"],
  ["alli", "al"],
  ["entli", "ent"],
  ["eli", "e"],
  ["ousli", "ous"],
  ["ization", "ize"],
  ["ation", "ate"],
  ["ator", "ate"],
  ["alism", "al"],
  ["iveness", "ive"],
  ["fulness", "ful"],
  ["ousness", "ous"],
  ["aliti", "al"],
  ["iviti", "ive"],
  ["biliti", "ble"],
  ["logi", "log"],
] as const;

const step3Rules = [
  ["icate", "ic"],
  ["ative", ""],
  ["alize", "al"],
  ["iciti", "ic"],
  ["ical", "ic"],
  ["ful", ""],
  ["ness", ""],
] as const;

const step4Suffixes = [
  "ement",
  "ance",
  "ence",
  "able",
  "ible",
  "ment",
  "ant",
  "ent",
  "ism",
  "ate",
  "iti",
  "ous",
  "ive",
  "ize",
  "al",
  "er",
  "ic",
  "ou",
] as const;

function removeResidualSuffix(word: string): string {
  if (word.endsWith("ion")) {
    const stem = word.slice(0, -3);
    return measure(stem) > 1 && /[st]$/.test(stem) ? stem : word;
  }
  for (const suffix of step4Suffixes) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, word.length - suffix.length);
    return measure(stem) > 1 ? stem : word;
  }
  return word;
}

function tidyEnding(word: string): string {
  let result = word;
  if (result.endsWith("e")) {
    const stem = result.slice(0, -1);
    const stemMeasure = measure(stem);
    if (stemMeasure > 1 || (stemMeasure === 1 && !endsWithShortSyllable(stem))) result = stem;
  }
  if (result.endsWith("ll") && measure(result) > 1) result = result.slice(0, -1);
  return result;
}

/**
 * Stems are memoised: a corpus repeats a few thousand distinct words hundreds of thousands of times (measured on
 * the 18F handbook: 260,775 words, 11,146 distinct; stemming fell from 272 ms to 45 ms). The memo is bounded.
 */
const memo = new Map<string, string>();
const memoLimit = 200_000;

export function stemWord(word: string): string {
  const known = memo.get(word);
  if (known !== undefined) return known;
  const stem = computeStem(word);
  if (memo.size >= memoLimit) memo.clear();
  memo.set(word, stem);
  return stem;
}

function computeStem(word: string): string {
  if (word.length <= 2 || !plainWord.test(word)) return word;
  let result = removePastAndProgressive(removePlurals(word));
  if (result.endsWith("y") && hasVowel(result.slice(0, -1))) result = `${result.slice(0, -1)}i`;
  result = replaceSuffix(result, step2Rules, 0);
  result = replaceSuffix(result, step3Rules, 0);
  return tidyEnding(removeResidualSuffix(result));
}
