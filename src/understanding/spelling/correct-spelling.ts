import type { Vocabulary } from "../../retrieval/vocabulary.js";
import { stopwords } from "../../text/stopwords.js";
import { englishWordCounts } from "../english-frequency.js";
import {
  type Candidate,
  findCandidates,
  prepareCandidates,
  type SpellingIndexSizes,
} from "./spelling-candidates.js";
import { wordNetKnows } from "./wordnet-lemmas.js";

/**
 * Misspelled words of a question, recognised against the index's own vocabulary and general English before
 * matching: "hearin" -> "hearing", "servises" -> "services", "Helth" -> "health", "Quokaline" -> "quokkaline".
 * Leaving a word alone is always the safe choice, so:
 *   - a word whose index term the documents hold is never corrected ("reimbursment" has the same stem as
 *     "reimbursement": it matches already);
 *   - a word of general English used at least `frequentUses` times in the frequency list's 51 million words is
 *     never corrected ("form" is not "from", "leave" not "leaves");
 *   - a rarer English word (or one WordNet knows) is corrected only into a word one edit away that the documents
 *     hold (or a stopword) and that English uses `plausibleRatio` times as often ("calender" -> "calendar");
 *   - any other word gets the closest candidates (English words within one edit, two from 8 letters; the
 *     documents' own names within one edit of its stem), those the documents hold (or stopwords: "thier" is
 *     "their", not the "tier" of some passage) first, then the most used; a correction less sure than
 *     `minimumConfidence` is not made;
 *   - words shorter than 4 letters, numbers, identifiers, URLs, acronyms ("GDPR") and inner capitals ("iPad")
 *     are not looked at.
 * Pass the words as typed: capitals tell acronyms and product names. Synchronous; after prepareSpelling (or the
 * first call) per vocabulary, a few µs per known word and 10-60 µs per unknown one (BENCHMARKS.md, "Spelling").
 */
export type SpellingStatus = "in-documents" | "english" | "skipped" | "unknown" | "corrected";

export interface SpellingResult {
  /** The word as given. */
  word: string;
  /**
   * in-documents: the index holds its term; english: a word of general English, left alone; skipped: not looked
   * at (short, a number, code, an acronym); unknown: neither, with nothing close enough (a name the documents do
   * not hold, or a typo too far); corrected: see correction.
   */
  status: SpellingStatus;
  /** The word meant, lower case, when corrected. */
  correction?: string;
  /** The correction's index term (as the vocabulary makes it). */
  term?: string;
  /**
   * Whether the documents hold the correction's term. False for a stopword ("their": read right, and ignored by
   * the search like any stopword) and for a word only English has (it cannot match a passage: its confidence is
   * at most 0.45).
   */
  inDocuments?: boolean;
  /** How sure the correction is, 0-1; 0 when there is none. */
  confidence: number;
  /** Other readings at the same distance, most likely first (at most three). */
  alternatives?: string[];
}

export const frequentUses = 20;
export const plausibleRatio = 100;
export const minimumConfidence = 0.4;
const shortestWord = 4;
const longestAcronym = 6;
const twoEditLength = 8;
const shortWord = 5;

/**
 * Builds the lookup structures now, so that no question waits for them: once per process (WordNet's lemmas and
 * the English index: about 1 s and 11 MB) and once per vocabulary (about 0.1 s and 1 MB for 12,000 terms;
 * BENCHMARKS.md, "Spelling"). Says what they hold.
 */
export function prepareSpelling(vocabulary: Vocabulary): SpellingIndexSizes {
  wordNetKnows("");
  return prepareCandidates(vocabulary);
}

export function correctWords(words: readonly string[], vocabulary: Vocabulary): SpellingResult[] {
  return words.map((word) => correctWord(word, vocabulary));
}

export function correctWord(word: string, vocabulary: Vocabulary): SpellingResult {
  if (!looksLikeAWord(word)) return { word, status: "skipped", confidence: 0 };
  const lower = word.toLowerCase();
  if (vocabulary.chunkCount(vocabulary.termOf(lower)) > 0 || vocabulary.chunkCount(lower) > 0) {
    return { word, status: "in-documents", confidence: 0 };
  }
  // The word's own uses, not its apparent base form's: "geting" is not "get", nor "mising" "mis".
  const uses = englishWordCounts().get(lower) ?? 0;
  if (uses >= frequentUses) return { word, status: "english", confidence: 0 };
  const english = uses > 0 || wordNetKnows(lower);
  const limit = !english && lower.length >= twoEditLength ? 2 : 1;
  let candidates = findCandidates(lower, limit, vocabulary);
  if (english) {
    const enough = plausibleRatio * Math.max(uses, 1);
    candidates = candidates.filter((candidate) => held(candidate) && candidate.englishCount >= enough);
  }
  const ranked = rank(candidates);
  const best = ranked[0];
  if (best === undefined) return { word, status: english ? "english" : "unknown", confidence: 0 };
  const confidence = confidenceOf(lower, best, ranked[1], english);
  if (confidence < minimumConfidence) return { word, status: english ? "english" : "unknown", confidence: 0 };
  const alternatives = ranked.slice(1, 4).map((candidate) => candidate.word);
  return {
    word,
    status: "corrected",
    correction: best.word,
    term: best.term,
    inDocuments: best.chunkCount > 0,
    confidence,
    ...(alternatives.length > 0 ? { alternatives } : {}),
  };
}

/**
 * Plain letters, 4 or more, not an acronym ("GDPR", "HIPAA": capitals, up to 6) nor written with inner capitals
 * ("iPad", "GitHub"). A longer word in capitals is shouted, not an acronym ("VACCATION"), and is read.
 */
function looksLikeAWord(word: string): boolean {
  if (word.length < shortestWord || !/^[A-Za-z]+$/.test(word)) return false;
  if (word === word.toUpperCase()) return word.length > longestAcronym;
  return !/[A-Z]/.test(word.slice(1));
}

/**
 * Whether a reading fits the documents: they hold its term, or it is a stopword, which no index holds ("thier"
 * is "their", not the "tier" of some passage: the search then ignores it, as it ignores "their").
 */
function held(candidate: Candidate): boolean {
  return candidate.chunkCount > 0 || stopwords.has(candidate.word);
}

/** The closest candidates only; among them those the documents hold (or stopwords), then the most used. */
function rank(candidates: readonly Candidate[]): Candidate[] {
  const closest = Math.min(...candidates.map((candidate) => candidate.distance));
  return candidates
    .filter((candidate) => candidate.distance === closest)
    .sort((left, right) => Number(held(right)) - Number(held(left)) || likelihood(right) - likelihood(left));
}

/** How used a candidate is, in English and in the documents (natural logarithm). */
function likelihood(candidate: Candidate): number {
  return Math.log1p(candidate.englishCount) + Math.log1p(candidate.chunkCount);
}

/**
 * 0.9 for one edit, 0.7 for two; times 0.5 when only English has the word (it cannot match a passage; a
 * stopword counts as held), 0.85 for
 * a word of 4-5 letters (short words have many neighbours), 0.8 for a word English has (rare, but a word), 0.8
 * for a name of the documents (known only by its stem, so a name they do not hold may look like one); times
 * 0.5-1 by how far ahead of the next reading of the same kind it is (level at 0.5, e^2 times as used at 1).
 */
function confidenceOf(word: string, best: Candidate, next: Candidate | undefined, english: boolean): number {
  let confidence = best.distance === 1 ? 0.9 : 0.7;
  if (!held(best)) confidence *= 0.5;
  if (word.length <= shortWord) confidence *= 0.85;
  if (english) confidence *= 0.8;
  if (best.name) confidence *= 0.8;
  if (next !== undefined && held(next) === held(best)) {
    confidence *= Math.min(1, 0.5 + (likelihood(best) - likelihood(next)) / 4);
  }
  return Math.round(confidence * 1000) / 1000;
}
