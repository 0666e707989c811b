import type { SearchHit } from "../documents/chunk.js";
import type { AnalysedQuestion, QuestionTerm } from "../understanding/analyse-question.js";
import { holdsAnswerKind } from "../understanding/expected-answer.js";
import { withinRange } from "../understanding/number-ranges.js";
import { QuestionMatcher } from "./match-terms.js";
import { readPassage } from "./read-passage.js";
import type { TextUnit } from "./split-units.js";

/**
 * Which sentence, list item or table row of the retrieved passages answers the question. A unit's coverage is
 * the share of the question's weight it accounts for: each question term counts by where the unit has it (in its
 * own words fully, in its heading or table header less, elsewhere in its passage less again) and how
 * (match-terms.ts: the word, a related word times its closeness, or a one-letter slip). Coverage decides whether the documents cover the
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
  /** 0-1: the same for the words of the question asked now alone (without the earlier questions it leans on). */
  ownCoverage: number;
  /** How sure the unit answers: its coverage, plus the answer-kind bonus, minus the missing-word penalty. */
  confidence: number;
  /** The order of quotes: the confidence and a little of the passage's retrieval score. */
  score: number;
  /**
   * What the unit is read under (its heading, the sentence introducing its list), when the question's words it
   * answers are there rather than in the unit ("The company pays 100% of the premium." under "Dental in Canada"):
   * quoted above it.
   */
  heading?: string;
  /**
   * The sentence right after the unit in its paragraph, when the unit lacks the kind of answer asked for and that
   * sentence holds it ("Order cards through the form. They arrive 7-10 business days after that."): quoted with it.
   */
  completion?: TextUnit;
}

/** How much a match counts by where it is: in the unit itself, its frame, its passage's headings, its passage. */
const credit = { unit: 1, frame: 0.8, heading: 0.7, passage: 0.3 } as const;
const answerKindBonus = 0.15;
/** How much a range holding the question's number counts, against the number itself. */
const rangeCredit = 0.8;
const retrievalShare = 0.2;
/** A unit is quoted under its heading when the heading holds this share of the question's weight the unit lacks. */
const headingShare = 0.15;
/** Taken off for the heaviest asking word the unit lacks (its weight times what is missing). */
const missingPenalty = 0.25;
/** Fewer passages than this say nothing about which words are background. */
const minimumPassagesForBackground = 8;
/** The passages of this many best units always reach the model. */
const leadingPassages = 2;

export function rankUnits(question: AnalysedQuestion, hits: readonly SearchHit[]): RankedUnit[] {
  const matcher = matcherFor(question);
  const { matchers } = matcher;
  const numbers = matchers.map(({ term }) => /^\d{1,3}$/.test(term.word));
  const passages = hits.map((hit) => {
    const { units, heading, passage } = readPassage(hit.chunk);
    // What the passage around any of its units gives each term, worked out once per passage.
    const headings = matcher.matchAll(heading, true);
    const inPassage = matcher.matchAll(passage, true);
    const around = matchers.map((_, index) =>
      Math.max(credit.heading * (headings[index] ?? 0), credit.passage * (inPassage[index] ?? 0)),
    );
    return { hit, units, passage, around, headings };
  });
  const weights = weighAgainstBackground(
    question.terms,
    passages.map((entry) => matcher.termsHeld(entry.passage, true)),
  );
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  if (totalWeight === 0) return [];
  const ownWeight = weights.reduce(
    (sum, weight, index) => (question.terms[index]?.turn === 0 ? sum + weight : sum),
    0,
  );
  const ranked: RankedUnit[] = [];
  for (const { hit, units, around, headings } of passages) {
    for (const [position, unit] of units.entries()) {
      const inWords = matcher.matchAll(unit.words);
      const inFrame = matcher.matchAll(unit.frameWords, true);
      let covered = 0;
      let ownCovered = 0;
      let missing = 0;
      let fromAbove = 0;
      matchers.forEach(({ term }, index) => {
        const weight = weights[index] ?? 0;
        const direct = inWords[index] ?? 0;
        const inUnit = direct === 1 ? 1 : Math.max(direct, numbers[index] ? inRange(term, unit) : 0);
        const headingMatch = inUnit === 1 ? 0 : Math.max(inFrame[index] ?? 0, headings[index] ?? 0);
        const match =
          inUnit === 1 ? 1 : Math.max(inUnit, credit.frame * (inFrame[index] ?? 0), around[index] ?? 0);
        covered += weight * match;
        if (term.turn === 0) ownCovered += weight * match;
        if (term.asking && inUnit < headingMatch) fromAbove += weight * (headingMatch - inUnit);
        if (term.asking) missing = Math.max(missing, weight * (1 - match));
      });
      const coverage = covered / totalWeight;
      const holds = holdsAnswerKind(unit.text, question.expects);
      const completion = holds ? undefined : completingSentence(unit, units[position + 1], question);
      const bonus = holds ? answerKindBonus : 0;
      const confidence = coverage + bonus - missingPenalty * missing;
      const score = confidence + retrievalShare * hit.score;
      const ownCoverage = ownWeight === 0 ? 0 : ownCovered / ownWeight;
      const heading = fromAbove >= headingShare * totalWeight ? headingAbove(hit, unit) : undefined;
      ranked.push({
        hit,
        unit,
        coverage,
        ownCoverage,
        confidence,
        score,
        ...(completion ? { completion } : {}),
        ...(heading ? { heading } : {}),
      });
    }
  }
  return ranked.sort((left, right) => right.score - left.score);
}

/**
 * What a unit is read under, as lines to quote above it: its section heading (in bold) and the sentence that
 * introduces its list, when the passage has them; else the passage's own last heading (not the document's title
 * alone, which the citation names).
 */
function headingAbove(hit: SearchHit, unit: TextUnit): string | undefined {
  if (unit.frame !== "") {
    const lines = unit.frame.split("\n");
    if (unit.section !== "" && lines[0] === unit.section) lines[0] = `**${unit.section}**`;
    return lines.join("\n");
  }
  const { headingPath, title } = hit.chunk;
  const last = headingPath.at(-1);
  return last !== undefined && last !== title && headingPath.length > 1 ? `**${last}**` : undefined;
}

/** A number asked about ("5 yrs") and a unit stating a range it falls in ("Between 3 and 15 years"). */
function inRange(term: QuestionTerm, unit: TextUnit): number {
  return /^\d{1,3}$/.test(term.word) && withinRange(Number(term.word), unit.text) ? rangeCredit : 0;
}

/** The next sentence of the same paragraph, when it holds the kind of answer the unit lacks. */
function completingSentence(
  unit: TextUnit,
  next: TextUnit | undefined,
  question: AnalysedQuestion,
): TextUnit | undefined {
  if (question.expects === "any" || next === undefined || unit.tableHeader || next.tableHeader)
    return undefined;
  if (next.frame !== unit.frame || !holdsAnswerKind(next.text, question.expects)) return undefined;
  return next;
}

/** The matchers of the questions ranked last: the unmentioned-word check reads the same passages right after. */
const recentMatchers = new Map<AnalysedQuestion, QuestionMatcher>();
const rememberedMatchers = 4;

function matcherFor(question: AnalysedQuestion): QuestionMatcher {
  let matcher = recentMatchers.get(question);
  if (matcher === undefined) {
    matcher = new QuestionMatcher(question.terms);
    if (recentMatchers.size >= rememberedMatchers)
      recentMatchers.delete(recentMatchers.keys().next().value as AnalysedQuestion);
    recentMatchers.set(question, matcher);
  }
  return matcher;
}

/**
 * A word in most of the passages found ("Quokkaline" in a company's own handbook, the product's name) is the
 * documents' background, not what sets one passage apart: its weight falls with its share.
 */
function weighAgainstBackground(terms: readonly QuestionTerm[], held: readonly Float64Array[]): number[] {
  return terms.map((term, index) => {
    if (held.length < minimumPassagesForBackground) return term.weight;
    const share = held.filter((passage) => passage[index] === 1).length / held.length;
    return term.weight * (1 - share);
  });
}

/**
 * The passages a model is given to answer from: the `count` passages retrieval ranks first for the question, in its
 * order, and the passages of the best two units (the sentences that answer) when retrieval left them out, placed
 * before retrieval's last ones. The prompt drops passages from the end when the model's window is short (build-
 * prompt.ts), so a tight window gives up retrieval's last passages first and the best units' passages are made
 * sure of; a window with room gets all of them (measured: retrieval's fifth and sixth passages held the answer
 * where the best units' did not).
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
  const sure = Math.max(0, count - missing.length);
  return [...kept.slice(0, sure), ...missing, ...kept.slice(sure, count)];
}

/** A related word at least this close counts as a mention. */
const mentionStrength = 0.75;
/** Words at least this heavy say what is asked about (rare words, names; not "get", "start" or "company"). */
const focusWeight = 0.6;

/**
 * The heaviest word of what is asked that no retrieved passage mentions in any form or by a close related word:
 * "zeppelin" in "where does the company zeppelin tour start?", "asia" in "what's the meal allowance in Asia?".
 * Retrieval searches for every word of the question, so a word none of its passages holds is one the documents do
 * not use (or a misspelling). Null when every such word is mentioned.
 */
export function unmentionedFocus(question: AnalysedQuestion, hits: readonly SearchHit[]): string | null {
  if (hits.length === 0) return null;
  const focus = question.terms
    .filter((term) => term.asking && term.turn === 0 && term.weight >= focusWeight)
    .sort((left, right) => right.weight - left.weight);
  const matcher = matcherFor(question);
  for (const term of focus) {
    const index = question.terms.indexOf(term);
    const mentioned = hits.some((hit) => {
      const { heading, passage } = readPassage(hit.chunk);
      const inHeading = matcher.matchAll(heading, true)[index] ?? 0;
      return Math.max(inHeading, matcher.matchAll(passage, true)[index] ?? 0) >= mentionStrength;
    });
    if (!mentioned) return term.word;
  }
  return null;
}
