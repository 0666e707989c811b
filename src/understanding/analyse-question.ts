import { tokenizeWords } from "../text/tokenize.js";
import { chatAbbreviations, chatAsides } from "./chat-abbreviations.js";
import { wordWeight } from "./english-frequency.js";
import { type AnswerKind, expectedAnswer } from "./expected-answer.js";
import { sameNumber } from "./number-words.js";
import { splitQuestion } from "./question-parts.js";
import { partOfSpeechWeight, type RelatedTerm, relatedTerms } from "./related-words.js";
import { workplaceRelated } from "./workplace-words.js";

/**
 * A question as the answer pipeline uses it: its terms weighted by what they say (rare words and the asking part
 * weigh most), each with its related words (synonyms and near meanings, with how close they are), the kind of
 * answer it wants, and, for a follow-up, the terms of the earlier questions it leans on at a lower weight: "and in
 * Toronto?" after a question about hotel prices is searched as a question about hotel prices in Toronto. Which
 * earlier questions a turn leans on is read-conversation.ts's decision.
 */
export interface QuestionTerm {
  /** The index term (a stem), as tokenize() makes it. */
  term: string;
  word: string;
  weight: number;
  /** Related index terms, closest first. */
  related: readonly RelatedTerm[];
  /** 0: the question asked now; 1: the earlier question it leans on; 2: the one that one leans on. */
  turn: number;
  /** From the asking part of the question asked now, not from the situation around it or an earlier turn. */
  asking: boolean;
}

export interface AnalysedQuestion {
  text: string;
  terms: QuestionTerm[];
  expects: AnswerKind;
  /** Read with earlier questions it leans on. */
  followUp: boolean;
  /** The question, with the earlier questions of a follow-up: what it asks, said whole. */
  condensedText: string;
  /** The condensed question with close synonyms of its words: what the search for passages to quote uses. */
  searchText: string;
}

/** Words that frame a question rather than say what it is about. */
const framingWords = new Set(
  `allowed allow able possible supposed okay ok anyone someone somebody anybody help please thanks thank know wonder
  wondering question quick actually exactly really roughly basically kind sort thing things stuff way guys folks
  people person everyone anything something tell find look need want like get got getting still also even just
  whats per each every`
    .split(/\s+/)
    .filter((word) => word !== ""),
);
const framingWeight = 0.05;
/** How much the asking part counts against the situation around it. */
const situationShare = 0.7;
/** The share of the earlier questions a follow-up leans on: the one before it, and the one that one leans on. */
const followUpShare = [1, 0.6, 0.35] as const;
/** Words weighing at least this say what a question is about. */
const contentWeight = 0.3;
/** Related words this close are added to the search text. */
const searchSynonymStrength = 0.7;
const searchSynonymsPerTerm = 3;
const compoundPartStrength = 0.8;
const lookedUpWeight = 0.1;

/**
 * The question, with `context`: the earlier questions it leans on, newest first (none for a question that stands
 * on its own).
 */
export function analyseQuestion(text: string, context: readonly string[] = []): AnalysedQuestion {
  const key = JSON.stringify([text, ...context]);
  const known = analysed.get(key);
  if (known !== undefined) return known;
  const question = analyse(text, context);
  if (analysed.size >= rememberedQuestions) analysed.clear();
  analysed.set(key, question);
  return question;
}

/**
 * Questions analysed lately: one answer reads the same text more than once (as typed and after spelling, each
 * part and the whole message), and an analysis depends on nothing but its text and context. Callers only read it.
 */
const analysed = new Map<string, AnalysedQuestion>();
const rememberedQuestions = 256;

function analyse(text: string, context: readonly string[]): AnalysedQuestion {
  const parts = splitQuestion(asWritten(text));
  const asking = parts.filter((part) => part.asks).map((part) => part.text);
  const expects = expectedAnswer(asking.join(" "));
  const terms = new Map<string, QuestionTerm>();
  for (const part of parts) addTerms(terms, part.text, part.asks ? 1 : situationShare, 0, part.asks);
  const earlier = context.slice(0, followUpShare.length - 1);
  earlier.forEach((question, index) => {
    addTerms(terms, question, followUpShare[index + 1] ?? 0, index + 1, false);
  });
  const earlierExpects = earlier.length > 0 ? expectedAnswer(earlier[0] ?? "") : "any";
  return {
    text,
    terms: [...terms.values()],
    expects: expects === "any" ? earlierExpects : expects,
    followUp: earlier.length > 0,
    condensedText: [text, ...earlier].join("\n"),
    searchText: buildSearchText(text, earlier, [...terms.values()]),
  };
}

/**
 * Ways of writing a word that hide it: "full timers" and "part-timer" are full-time and part-time staff (not
 * timers); "headcount-wise" is about headcount.
 */
function asWritten(text: string): string {
  return text.replace(/\b(full|part)[\s-]?timers?\b/gi, "$1-time").replace(/\b([a-z]{3,})-wise\b/gi, "$1");
}

/** How many words of the text say what it is about (not "how", "get", "please", "lol"). */
export function countContentWords(text: string): number {
  const asked = askedWords(text);
  const content = new Set<string>();
  for (const { word, term, parts } of questionWords(text)) {
    if (asked.has(word)) continue;
    if (Math.max(...[word, ...parts].map(weighWord)) >= contentWeight) content.add(term);
  }
  return content.size;
}

/** "many" in "how many", "long" in "how long": the kind of answer wanted (see expectedAnswer), not a topic. */
function askedWords(text: string): Set<string | undefined> {
  return new Set([...text.toLowerCase().matchAll(/\bhow\s+([a-z]+)/g)].map((match) => match[1]));
}

function addTerms(
  terms: Map<string, QuestionTerm>,
  text: string,
  share: number,
  turn: number,
  asking: boolean,
): void {
  const asked = askedWords(text);
  const phrases = phrasalMeanings(text);
  for (const { word, term, parts } of questionWords(text)) {
    const weight = asked.has(word) ? 0 : share * Math.max(...[word, ...parts].map(weighWord));
    if (weight === 0) continue;
    const known = terms.get(term);
    if (known !== undefined && known.weight >= weight) continue;
    const partsRelated = tokenizeWords(parts.join(" ")).map((part) => ({
      ...part,
      strength: compoundPartStrength,
    }));
    // Words that say almost nothing ("get", "need") are not worth looking up.
    const own = weight / share < lookedUpWeight ? [] : relatedTo(word);
    const related = mergeRelated(mergeRelated(own, phrases.get(word) ?? []), partsRelated);
    terms.set(term, { term, word, weight, related, turn, asking });
  }
}

/**
 * The question's words as terms. A compound ("paddock-api", "wi-fi", "max_tokens") is one term, whose parts are
 * related words: it weighs as one word, not three, and a passage with only its parts matches it in part.
 */
function questionWords(text: string): Array<{ word: string; term: string; parts: string[] }> {
  const words: Array<{ word: string; term: string; parts: string[] }> = [];
  for (const raw of text.split(/\s+/)) {
    const found = tokenizeWords(raw);
    const whole = found.at(-1);
    if (found.length > 1 && whole !== undefined && /[-_./:]|\p{Lu}/u.test(raw)) {
      words.push({ ...whole, parts: found.slice(0, -1).map((part) => part.word) });
    } else {
      for (const single of found) words.push({ ...single, parts: [] });
    }
  }
  return words;
}

/**
 * Two-word expressions WordNet knows ("chip in" = contribute, "pay back" = repay, "sign up" = join), as more
 * related words of their first word, whose own meaning alone ("chip") would miss the point.
 */
function phrasalMeanings(text: string): Map<string, readonly RelatedTerm[]> {
  const words =
    text
      .toLowerCase()
      .replace(/['\u2019]/g, "")
      .match(/[a-z]+/g) ?? [];
  const meanings = new Map<string, readonly RelatedTerm[]>();
  for (let index = 0; index + 1 < words.length; index++) {
    const phrase = `${words[index]} ${words[index + 1]}`;
    const related = mergeRelated(relatedTerms(phrase), workplaceRelated(phrase));
    if (related.length === 0) continue;
    // Under the first word, also as a possessive spells it ("doctor's note": "doctor").
    const first = words[index] ?? "";
    meanings.set(first, related);
    if (first.endsWith("s")) meanings.set(first.slice(0, -1), related);
  }
  return meanings;
}

function mergeRelated(first: readonly RelatedTerm[], second: readonly RelatedTerm[]): readonly RelatedTerm[] {
  if (second.length === 0) return first;
  const merged = new Map<string, RelatedTerm>();
  for (const related of [...first, ...second]) {
    const known = merged.get(related.term);
    if (known === undefined || known.strength < related.strength) merged.set(related.term, related);
  }
  return [...merged.values()].sort((left, right) => right.strength - left.strength);
}

function weighWord(word: string): number {
  if (framingWords.has(word) || chatAsides.has(word)) return framingWeight;
  const expansion = chatAbbreviations[word];
  if (expansion !== undefined) {
    return Math.max(framingWeight, ...expansion.split(" ").map((part) => wordWeight(part)));
  }
  return wordWeight(word) * (/^[a-z]+$/.test(word) ? partOfSpeechWeight(word) : 1);
}

/** WordNet's related words and the workplace's (workplace-words.ts); for chat shorthand ("yrs", "pto") the words it stands for; "5" and "five" alike. */
function relatedTo(word: string): readonly RelatedTerm[] {
  const expansion = chatAbbreviations[word] ?? sameNumber(word);
  if (expansion === undefined) {
    return mergeRelated(/^[a-z]+$/.test(word) ? relatedTerms(word) : [], workplaceRelated(word));
  }
  return tokenizeWords(expansion).map(({ term, word: part }) => ({ term, word: part, strength: 0.95 }));
}

function buildSearchText(text: string, earlier: readonly string[], terms: readonly QuestionTerm[]): string {
  const synonyms: string[] = [];
  for (const term of terms) {
    if (term.turn !== 0 || term.weight < 0.3) continue;
    const close = term.related.filter((related) => related.strength >= searchSynonymStrength);
    synonyms.push(...close.slice(0, searchSynonymsPerTerm).map((related) => related.word));
  }
  return [text, ...earlier, synonyms.join(" ")].filter((part) => part.trim() !== "").join("\n");
}
