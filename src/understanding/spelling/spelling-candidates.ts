import type { Vocabulary } from "../../retrieval/vocabulary.js";
import { englishWordCounts } from "../english-frequency.js";
import { DeleteIndex } from "./delete-index.js";

/**
 * The words a misspelled word may stand for: words of general English (the SUBTLEX frequency list's plain words
 * used at least twice: one use is mostly subtitle noise) within the edits allowed, and the documents' own words
 * that English does not have (names, products), which an index holds only as terms (stems), within one edit of
 * the word's stem: "quokaline" finds "Quokkaline" by its stem "quokalin" against the index term "quokkalin". The
 * English index is built once per process; a vocabulary's once per index generation, kept with the vocabulary.
 */
export interface Candidate {
  /** The word meant, lower case, as it would be written ("services"; a document word from its stem). */
  word: string;
  /** Its index term. */
  term: string;
  /** Edits from the misspelled word (between their stems, for a document word found by its term). */
  distance: number;
  /** Chunks of the index holding its term: 0 when only general English has it. */
  chunkCount: number;
  /** Its uses in the frequency list's 51 million words. */
  englishCount: number;
  /** A word of the documents' own (a name, a product), found by its term: written as a guess from its stem. */
  name: boolean;
}

const minimumEnglishUses = 2;
/**
 * Two edits are allowed from a word of 8 letters (correct-spelling.ts), so the English words such queries reach
 * are indexed with their two-letter deletions: those of 6 letters or more used at least `twoEditEnglishUses`
 * times (a long word typed with two slips is rarely a rare one; this halves the index). Index terms are indexed
 * for one edit only: two would take about 50 (deletion, term) pairs a term, 80 MB for 100,000 names
 * (BENCHMARKS.md, "Spelling"), and the documents' English words are found through English at two edits anyway.
 */
const twoEditLength = 6;
const twoEditEnglishUses = 20;
const longestWord = 40;
const plainWord = /^[a-z]+$/;

let englishIndex: DeleteIndex | null = null;
const vocabularyIndexes = new WeakMap<Vocabulary, DeleteIndex>();

const indexable = (word: string) => word.length >= 3 && word.length <= longestWord && plainWord.test(word);

function english(): DeleteIndex {
  if (englishIndex === null) {
    const counts = englishWordCounts();
    const words: string[] = [];
    for (const [word, count] of counts) {
      if (count >= minimumEnglishUses && indexable(word)) words.push(word);
    }
    englishIndex = DeleteIndex.build(words, (word) =>
      word.length >= twoEditLength && (counts.get(word) ?? 0) >= twoEditEnglishUses ? 2 : 1,
    );
  }
  return englishIndex;
}

function documentTerms(vocabulary: Vocabulary): DeleteIndex {
  let index = vocabularyIndexes.get(vocabulary);
  if (index === undefined) {
    const terms: string[] = [];
    for (const term of vocabulary.terms()) if (indexable(term)) terms.push(term);
    index = DeleteIndex.build(terms, () => 1);
    vocabularyIndexes.set(vocabulary, index);
  }
  return index;
}

/** What the lookup structures hold: (deletion, word) pairs and the bytes of their typed arrays. */
export interface SpellingIndexSizes {
  englishPairs: number;
  englishBytes: number;
  documentPairs: number;
  documentBytes: number;
}

/** Builds what candidate lookups need for this vocabulary now (else the first question pays for it). */
export function prepareCandidates(vocabulary: Vocabulary): SpellingIndexSizes {
  const [englishIndex, documentIndex] = [english(), documentTerms(vocabulary)];
  return {
    englishPairs: englishIndex.size,
    englishBytes: englishIndex.byteLength,
    documentPairs: documentIndex.size,
    documentBytes: documentIndex.byteLength,
  };
}

/**
 * Candidates within `limit` edits of the (lower-case, plain) word, one per index term. An English word with the
 * word's own term ("reimbursement" for "reimbursment") is one: it reads the word, though it matches no better.
 */
export function findCandidates(word: string, limit: number, vocabulary: Vocabulary): Candidate[] {
  const counts = englishWordCounts();
  const ownTerm = vocabulary.termOf(word);
  const byTerm = new Map<string, Candidate>();
  const consider = (candidate: Candidate) => {
    if (candidate.term === "") return;
    const known = byTerm.get(candidate.term);
    if (known === undefined || closerOrMoreUsed(candidate, known)) byTerm.set(candidate.term, candidate);
  };
  const englishWords = english();
  for (const { id, distance } of englishWords.search(word, limit)) {
    const written = englishWords.words[id] ?? "";
    if (written === word) continue;
    const term = vocabulary.termOf(written);
    const englishCount = counts.get(written) ?? 0;
    const chunkCount = vocabulary.chunkCount(term);
    consider({ word: written, term, distance, chunkCount, englishCount, name: false });
  }
  // The documents' own words by their terms: names English does not have ("quokkalin"), and English words too rare
  // for the index above when the misspelled word's ending makes one of them ("repositries": "repositories", used
  // once). Other English words were found above at their written distance: a stem one edit away can be a word two
  // away ("marcus" is "marcu", one edit from "march").
  const terms = documentTerms(vocabulary);
  for (const { id, distance } of terms.search(ownTerm, 1)) {
    const term = terms.words[id] ?? "";
    if (byTerm.has(term)) continue;
    const rewritten = withEnding(word, ownTerm, term, vocabulary);
    const englishCount = rewritten === null ? 0 : (counts.get(rewritten) ?? 0);
    const name = !isEnglishTerm(term, vocabulary);
    if (!name && englishCount === 0) continue;
    const written = rewritten ?? term;
    const chunkCount = vocabulary.chunkCount(term);
    consider({ word: written, term, distance, chunkCount, englishCount, name });
  }
  return [...byTerm.values()];
}

/** Endings the stemmers take off English words: a term that one of them turns back into an English word is English. */
const englishEndings =
  `e s es ed ing al ate ation ion ive ous ful ness ment ence ance er ic ity ize ise able ible ant ent
  ism ist y ly or ure`.split(/\s+/);

/** Whether an English word of the frequency list has this term ("servic" is "service"'s, "quokkalin" no word's). */
function isEnglishTerm(term: string, vocabulary: Vocabulary): boolean {
  const counts = englishWordCounts();
  const forms = [term, ...englishEndings.map((ending) => term + ending)];
  if (term.endsWith("i")) forms.push(`${term.slice(0, -1)}y`, `${term.slice(0, -1)}ies`);
  return forms.some(
    (form) => (counts.get(form) ?? 0) >= minimumEnglishUses && vocabulary.termOf(form) === term,
  );
}

function closerOrMoreUsed(candidate: Candidate, known: Candidate): boolean {
  if (candidate.distance !== known.distance) return candidate.distance < known.distance;
  return candidate.englishCount > known.englishCount;
}

/**
 * A document word as it would be written, from its term: the misspelled word's own ending on the document's stem
 * ("quokaline" is "quokalin" + "e", so "quokkalin" + "e"), when that stems back to the term; else null.
 */
function withEnding(word: string, ownTerm: string, term: string, vocabulary: Vocabulary): string | null {
  if (!word.startsWith(ownTerm)) return null;
  const written = term + word.slice(ownTerm.length);
  return vocabulary.termOf(written) === term ? written : null;
}
