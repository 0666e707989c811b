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

function oneEditApart(left: string, right: string): boolean {
  if (left === right || Math.abs(left.length - right.length) > 1 || right.length < minimumSlipLength)
    return false;
  let index = 0;
  while (index < left.length && left[index] === right[index]) index++;
  if (left.length === right.length) return left.slice(index + 1) === right.slice(index + 1);
  if (left.length > right.length) return left.slice(index + 1) === right.slice(index);
  return left.slice(index) === right.slice(index + 1);
}
