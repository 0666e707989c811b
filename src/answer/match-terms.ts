import type { QuestionTerm } from "../understanding/analyse-question.js";
import type { IndexedWords } from "./indexed-words.js";

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

export function matchIn(matcher: TermMatcher, words: IndexedWords): number {
  const { term } = matcher;
  if (words.terms.has(term.term) || words.forms.has(term.word)) return 1;
  let best = 0;
  for (const form of words.forms) best = Math.max(best, matcher.related.get(form) ?? 0);
  if (best < slipCredit && matcher.slips) {
    for (const form of words.forms) {
      if (oneEditApart(term.word, form)) return slipCredit;
    }
  }
  return best;
}

/**
 * Every term of a question matched at once: matchAll(words)[i] is matchIn(matcher i, words). What a word of the
 * passages gives each term (a related word's closeness, a slip's credit) is worked out once per question for each
 * word form met, so that a sentence costs one lookup per word rather than one per word and term; what a heading,
 * frame or passage gives (shared by many sentences, asked for again by the unmentioned-word check) is remembered
 * for the question.
 */
export class QuestionMatcher {
  readonly matchers: readonly TermMatcher[];
  /** Per word form: what it gives each term, or null when it gives none anything. */
  private readonly credits = new Map<string, Float64Array | null>();
  private readonly remembered = new Map<IndexedWords, Float64Array>();

  constructor(terms: readonly QuestionTerm[]) {
    this.matchers = terms.map(prepareMatcher);
  }

  /** What the words give each term, in the terms' order; `remember` keeps it for words that come back. */
  matchAll(words: IndexedWords, remember = false): Float64Array {
    const known = this.remembered.get(words);
    if (known !== undefined) return known;
    const { matchers, credits } = this;
    const count = matchers.length;
    const matches = new Float64Array(count);
    for (const form of words.forms) {
      let credit = credits.get(form);
      if (credit === undefined) {
        credit = this.creditOf(form);
        credits.set(form, credit);
      }
      if (credit === null) continue;
      for (let index = 0; index < count; index++) {
        const value = credit[index] as number;
        if (value > (matches[index] as number)) matches[index] = value;
      }
    }
    for (let index = 0; index < count; index++) {
      const { term } = matchers[index] as TermMatcher;
      if (words.terms.has(term.term) || words.forms.has(term.word)) matches[index] = 1;
    }
    if (remember) this.remembered.set(words, matches);
    return matches;
  }

  /** A related word's closeness, or a slip's credit when more: the most a form can give each term. */
  private creditOf(form: string): Float64Array | null {
    const { matchers } = this;
    const credit = new Float64Array(matchers.length);
    let any = false;
    for (const [index, matcher] of matchers.entries()) {
      let value = matcher.related.get(form) ?? 0;
      if (matcher.slips && value < slipCredit && oneEditApart(matcher.term.word, form)) value = slipCredit;
      credit[index] = value;
      if (value > 0) any = true;
    }
    return any ? credit : null;
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
