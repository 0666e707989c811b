import { commonWordStems } from "../text/common-words.js";
import { tokenize } from "../text/tokenize.js";

/**
 * Feature hashing ("the hashing trick") of a text into a fixed number of dimensions, with no model and no corpus:
 * stemmed words, pairs of neighbouring words and character n-grams of the stems (which match word forms the
 * stemmer misses, compounds and typos) each add a signed weight to the dimension their hash picks. Counts are
 * damped (1 + ln tf), common English words get a low prior weight, and each feature family is normalised on its
 * own before they are mixed, so that their shares of the cosine are set by the weights below.
 */
export interface FeatureWeights {
  words: number;
  wordPairs: number;
  characterGrams: number;
  /** Weight of a frequent English word relative to other words (see common-words.ts). */
  commonWord: number;
}

export const defaultFeatureWeights: Readonly<FeatureWeights> = {
  words: 1,
  wordPairs: 0.5,
  characterGrams: 0.5,
  commonWord: 0.35,
};

const gramLengths = [3, 4] as const;

/** FNV-1a over UTF-16 code units with a seed, finished with murmur3's mixer so that low bits are well spread. */
function hashRange(text: string, start: number, end: number, seed: number): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

function addFeature(vector: Float64Array, hash: number, weight: number): void {
  const dimension = (hash & 0x7fffffff) % vector.length;
  vector[dimension] = (vector[dimension] ?? 0) + (hash & 0x80000000 ? -weight : weight);
}

function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

function normalizeInto(target: Float64Array, source: Float64Array, weight: number): void {
  let squares = 0;
  for (const value of source) squares += value * value;
  if (squares === 0) return;
  const scale = weight / Math.sqrt(squares);
  for (let index = 0; index < source.length; index++) {
    target[index] = (target[index] ?? 0) + (source[index] ?? 0) * scale;
  }
}

export function embedText(text: string, dimensions: number, weights: FeatureWeights = defaultFeatureWeights) {
  return embedTerms(tokenize(text), dimensions, weights);
}

/** The vector of a text from its terms (tokenize(text)): lets the ingest tokenize a chunk once for BM25 and this. */
export function embedTerms(
  terms: readonly string[],
  dimensions: number,
  weights: FeatureWeights = defaultFeatureWeights,
): number[] {
  const words = new Float64Array(dimensions);
  const grams = new Float64Array(dimensions);
  for (const [term, count] of countTerms(terms)) {
    const weight = (1 + Math.log(count)) * (commonWordStems.has(term) ? weights.commonWord : 1);
    addFeature(words, hashRange(term, 0, term.length, 1), weight);
    const padded = `<${term}>`;
    for (const length of gramLengths) {
      for (let start = 0; start + length <= padded.length; start++) {
        addFeature(grams, hashRange(padded, start, start + length, 2), weight);
      }
    }
  }
  const pairs = new Float64Array(dimensions);
  const plainTerms = terms.filter((term) => !/[._\-/:]/.test(term));
  const pairCounts = countTerms(plainTerms.slice(1).map((term, index) => `${plainTerms[index]} ${term}`));
  for (const [pair, count] of pairCounts)
    addFeature(pairs, hashRange(pair, 0, pair.length, 3), 1 + Math.log(count));
  const vector = new Float64Array(dimensions);
  normalizeInto(vector, words, weights.words);
  normalizeInto(vector, pairs, weights.wordPairs);
  normalizeInto(vector, grams, weights.characterGrams);
  let squares = 0;
  for (const value of vector) squares += value * value;
  // A text without a single word still gets a unit vector, so that cosine distance stays defined.
  if (squares === 0) return Array.from(vector, (_value, index) => (index === 0 ? 1 : 0));
  const scale = 1 / Math.sqrt(squares);
  return Array.from(vector, (value) => value * scale);
}
