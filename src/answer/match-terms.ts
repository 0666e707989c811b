import type { QuestionTerm } from "../understanding/analyse-question.js";
import type { IndexedWords, PieceWords } from "./indexed-words.js";

/**
 * How closely some words (a sentence, a heading, a passage) hold a question term: 1 for the word itself, a related
 * word's closeness (0.5-0.95), 0.8 for a one-letter slip of a long word ("carnaval" for "carnival"), else 0. A
 * matcher is prepared once per question, so that matching walks the few words of a place rather than the term's
 * many related words.
 */
export interface TermMatcher {
  term: QuestionTerm;
  /** Related words (base forms) and their closeness. */
  related: ReadonlyMap<string, number>;
  slips: boolean;
}

const slipCredit = 0.8;
/** Shorter words are too often another word one letter away ("cars" and "card"). */
const minimumSlipLength = 6;

export function prepareMatcher(term: QuestionTerm): TermMatcher {
  const related = new Map<string, number>();
  for (const { word, strength } of term.related)
    related.set(word, Math.max(strength, related.get(word) ?? 0));
  return { term, related, slips: term.word.length >= minimumSlipLength && /^[a-z]+$/.test(term.word) };
}

/** Matchers made so far: each has its own number. */
let matchersMade = 0;

/**
 * Every term of a question matched at once: matchAll(words)[i] is how closely the words hold term i, as above.
 * Worked out once per question for each word form met (what it gives each term) and for each piece of text
 * (pieces are shared by every text they appear in: indexed-words.ts), so that a sentence costs one lookup per
 * piece; what a heading, frame or passage gives (shared by many sentences, asked for again by the
 * unmentioned-word check) is remembered for the question. A piece gives a term 1 when it holds its index term or
 * its word as a form, else the most any of its forms gives; a text gives the most any of its pieces gives.
 */
export class QuestionMatcher {
  readonly matchers: readonly TermMatcher[];
  /** Told apart from every other matcher (1, 2, ...: a piece read by none has 0). */
  private readonly number = ++matchersMade;
  private readonly count: number;
  private readonly termIndexes = new Map<string, number[]>();
  /** For each related word and each term's own word: what it gives each term it relates to. */
  private readonly closeness = new Map<string, Map<number, number>>();
  /** The terms a one-letter slip can match (long plain words). */
  private readonly slipping: number[] = [];
  /** Per word form: what it gives each term, or null when it gives none anything. */
  private readonly formCredits = new Map<string, Float64Array | null>();
  private readonly remembered = new Map<IndexedWords, Float64Array>();

  constructor(terms: readonly QuestionTerm[]) {
    this.matchers = terms.map(prepareMatcher);
    this.count = terms.length;
    this.matchers.forEach(({ term, related, slips }, index) => {
      this.termIndexes.set(term.term, [...(this.termIndexes.get(term.term) ?? []), index]);
      for (const [word, strength] of related) this.giveCloseness(word, index, strength);
      this.giveCloseness(term.word, index, 1);
      if (slips) this.slipping.push(index);
    });
  }

  /** The form gives term `index` at least `value`. */
  private giveCloseness(form: string, index: number, value: number): void {
    const known = this.closeness.get(form);
    if (known === undefined) this.closeness.set(form, new Map([[index, value]]));
    else known.set(index, Math.max(value, known.get(index) ?? 0));
  }

  /** What the words give each term, in the terms' order; `remember` keeps it for words that come back. */
  matchAll(words: IndexedWords, remember = false): Float64Array {
    return this.read(words, remember).subarray(0, this.count);
  }

  /** 1 for each term whose index term the words hold, else 0 (remembered like matchAll's). */
  termsHeld(words: IndexedWords, remember = false): Float64Array {
    return this.read(words, remember).subarray(this.count);
  }

  /**
   * What the words give each term (the first half, as matchAll) and which index terms they hold (the second, as
   * termsHeld). Words joined from parts (joinWords) are read from their parts' readings.
   */
  read(words: IndexedWords, remember = false): Float64Array {
    const known = this.remembered.get(words);
    if (known !== undefined) return known;
    const read = new Float64Array(this.count * 2);
    if (words.parts.length > 0) {
      for (const part of words.parts) raise(read, this.read(part, remember));
      if (remember) this.remembered.set(words, read);
      return read;
    }
    for (const piece of words.pieces) {
      if (piece.matchedBy !== this.number) {
        piece.credit = this.pieceCreditOf(piece);
        piece.matchedBy = this.number;
      }
      if (piece.credit !== null) raise(read, piece.credit);
    }
    if (remember) this.remembered.set(words, read);
    return read;
  }

  /** What a piece gives each term, then 1 for each term whose index term it holds; null for nothing. */
  private pieceCreditOf(piece: PieceWords): Float64Array | null {
    let credit: Float64Array | null = null;
    for (const form of piece.forms) {
      let formCredit = this.formCredits.get(form);
      if (formCredit === undefined) {
        formCredit = this.formCreditOf(form);
        this.formCredits.set(form, formCredit);
      }
      if (formCredit === null) continue;
      credit ??= new Float64Array(this.count * 2);
      raise(credit, formCredit);
    }
    for (const term of piece.terms) {
      const indexes = this.termIndexes.get(term);
      if (indexes === undefined) continue;
      credit ??= new Float64Array(this.count * 2);
      for (const index of indexes) {
        credit[index] = 1;
        credit[this.count + index] = 1;
      }
    }
    return credit;
  }

  /** 1 for the term's own word; else a related word's closeness, or a slip's credit when more. */
  private formCreditOf(form: string): Float64Array | null {
    let credit: Float64Array | null = null;
    const closeness = this.closeness.get(form);
    if (closeness !== undefined) {
      credit = new Float64Array(this.count);
      for (const [index, value] of closeness) credit[index] = value;
    }
    if (form.length < minimumSlipLength) return credit;
    for (const index of this.slipping) {
      const { word } = (this.matchers[index] as TermMatcher).term;
      if ((credit?.[index] ?? 0) >= slipCredit || !oneEditApart(word, form)) continue;
      credit ??= new Float64Array(this.count);
      credit[index] = slipCredit;
    }
    return credit;
  }
}

/** Each value of `values` up to at least that of `other`. */
function raise(values: Float64Array, other: Float64Array): void {
  for (let index = 0; index < other.length; index++) {
    const value = other[index] as number;
    if (value > (values[index] as number)) values[index] = value;
  }
}

function oneEditApart(left: string, right: string): boolean {
  if (left === right || Math.abs(left.length - right.length) > 1 || right.length < minimumSlipLength)
    return false;
  let index = 0;
  while (index < left.length && left[index] === right[index]) index++;
  if (left.length === right.length) return sameFrom(left, index + 1, right, index + 1);
  if (left.length > right.length) return sameFrom(left, index + 1, right, index);
  return sameFrom(left, index, right, index + 1);
}

/** left.slice(leftStart) === right.slice(rightStart), without making the slices. */
function sameFrom(left: string, leftStart: number, right: string, rightStart: number): boolean {
  if (left.length - leftStart !== right.length - rightStart) return false;
  for (let offset = 0; leftStart + offset < left.length; offset++) {
    if (left.charCodeAt(leftStart + offset) !== right.charCodeAt(rightStart + offset)) return false;
  }
  return true;
}
