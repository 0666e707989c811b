import type { SearchHit } from "../documents/chunk.js";
import type { AnalysedQuestion, QuestionTerm } from "../understanding/analyse-question.js";
import { holdsAnswerKind } from "../understanding/expected-answer.js";
import { type IndexedWords, indexWords } from "./indexed-words.js";
import { splitUnits, type TextUnit } from "./split-units.js";

/**
 * Which sentence, list item or table row of the retrieved passages answers the question. A unit's coverage is
 * the share of the question's weight it accounts for: each question term counts by where the unit has it (in its
 * own words fully, in its heading or table header less, elsewhere in its passage less again) and how (the word,
 * a related word times its closeness, or a one-letter slip). Coverage decides whether the documents cover the
 * question at all, together with a bonus for holding the kind of answer asked for (a number for "how many") and
 * a penalty for lacking the heaviest word of what is asked ("contractors" in "how many sick days do contractors
 * get?"; words of the situation around it, "my car failed its test", are not held against a unit); the order of
 * quotes adds a little of the passage's retrieval score.
 */
export interface RankedUnit {
  hit: SearchHit;
  unit: TextUnit;
  /** 0-1: the share of the question's weight the unit accounts for. */
  coverage: number;
  /** How sure the unit answers: its coverage, plus the answer-kind bonus, minus the missing-word penalty. */
  confidence: number;
  /** The order of quotes: the confidence and a little of the passage's retrieval score. */
  score: number;
}

const credit = { unit: 1, frame: 0.8, heading: 0.7, passage: 0.3 } as const;
const slipCredit = 0.8;
/** Shorter words are too often another word one letter away ("cars" and "card"). */
const minimumSlipLength = 6;
const answerKindBonus = 0.15;
const retrievalShare = 0.2;
/** Taken off for the heaviest asking word the unit lacks (its weight times what is missing). */
const missingPenalty = 0.25;
/** Fewer passages than this say nothing about which words are background. */
const minimumPassagesForBackground = 8;
/** The passages of this many best units always reach the model. */
const leadingPassages = 2;

interface Places {
  unit: IndexedWords;
  frame: IndexedWords;
  heading: IndexedWords;
  passage: IndexedWords;
}
const placeOrder = ["unit", "frame", "heading", "passage"] as const;

export function rankUnits(question: AnalysedQuestion, hits: readonly SearchHit[]): RankedUnit[] {
  const passages = hits.map((hit) => ({
    hit,
    heading: indexWords([hit.chunk.title, ...hit.chunk.headingPath].join("\n")),
    passage: indexWords(hit.chunk.text),
  }));
  const weights = weighAgainstBackground(
    question.terms,
    passages.map((entry) => entry.passage),
  );
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  if (totalWeight === 0) return [];
  const ranked: RankedUnit[] = [];
  for (const { hit, heading, passage } of passages) {
    for (const unit of splitUnits(hit.chunk.text)) {
      const places = { unit: unit.words, frame: unit.frameWords, heading, passage };
      let covered = 0;
      let missing = 0;
      question.terms.forEach((term, index) => {
        const weight = weights[index] ?? 0;
        const match = matchTerm(term, places);
        covered += weight * match;
        if (term.asking) missing = Math.max(missing, weight * (1 - match));
      });
      const coverage = covered / totalWeight;
      const bonus = holdsAnswerKind(unit.text, question.expects) ? answerKindBonus : 0;
      const confidence = coverage + bonus - missingPenalty * missing;
      ranked.push({ hit, unit, coverage, confidence, score: confidence + retrievalShare * hit.score });
    }
  }
  return ranked.sort((left, right) => right.score - left.score);
}

/**
 * A word in most of the passages found ("Quokkaline" in a company's own handbook, the product's name) is the
 * documents' background, not what sets one passage apart: its weight falls with its share.
 */
function weighAgainstBackground(terms: readonly QuestionTerm[], passages: readonly IndexedWords[]): number[] {
  return terms.map((term) => {
    if (passages.length < minimumPassagesForBackground) return term.weight;
    const share = passages.filter((passage) => passage.terms.has(term.term)).length / passages.length;
    return term.weight * (1 - share);
  });
}

/** How well the places hold a question term: 1 for the word in the unit itself, down to 0 for nowhere. */
export function matchTerm(term: QuestionTerm, places: Places): number {
  let best = placeCredit(places, (words) => words.terms.has(term.term) || words.forms.has(term.word));
  if (best === credit.unit) return best;
  for (const related of term.related) {
    if (related.strength * credit.unit <= best) break;
    best = Math.max(best, related.strength * placeCredit(places, (words) => words.forms.has(related.word)));
  }
  if (
    best < slipCredit * credit.unit &&
    term.word.length >= minimumSlipLength &&
    /^[a-z]+$/.test(term.word)
  ) {
    const slip = (words: IndexedWords) => [...words.forms].some((form) => oneEditApart(term.word, form));
    best = Math.max(best, slipCredit * placeCredit(places, slip));
  }
  return best;
}

/** The credit of the first place (the unit, its frame, its headings, its passage) where `holds` is true. */
function placeCredit(places: Places, holds: (words: IndexedWords) => boolean): number {
  for (const place of placeOrder) if (holds(places[place])) return credit[place];
  return 0;
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

/**
 * The passages a model is given to answer from, `count` of them: the passages retrieval ranks first for the
 * question, in its order, with the passages of the best two units (the sentences that answer) made sure of: one
 * retrieval left out takes the place of its last passage.
 */
export function rankPassages(
  ranked: readonly RankedUnit[],
  retrieved: readonly SearchHit[],
  count: number,
): SearchHit[] {
  const leading: SearchHit[] = [];
  for (const { hit } of ranked) {
    if (leading.length === leadingPassages) break;
    if (!leading.some((lead) => lead.chunk.id === hit.chunk.id)) leading.push(hit);
  }
  const missing = leading.filter(
    (lead) => !retrieved.slice(0, count).some((hit) => hit.chunk.id === lead.chunk.id),
  );
  const kept = retrieved.filter((hit) => !missing.some((lead) => lead.chunk.id === hit.chunk.id));
  return [...kept.slice(0, Math.max(0, count - missing.length)), ...missing].slice(0, count);
}
