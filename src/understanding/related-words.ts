import { tokenize, tokenizeWords } from "../text/tokenize.js";
import { wordWeight } from "./english-frequency.js";
import { possibleBaseForms } from "./word-forms.js";
import { type PartOfSpeech, type Pointer, type Synset, WordNet } from "./wordnet.js";

/**
 * Words related to a word, with how close each is (0-1), as index terms (stems): what lets "kids" find
 * "children", "yearly" find "annual", "dinners" find "meals", "pension" find "retirement" and "gym" find "sport".
 * From WordNet: the word's synonyms (its synsets' other lemmas) count most, then words one relation away
 * (derivations, similar adjectives, hypernyms, hyponyms) and what a place is part of. Earlier senses (the more
 * common meanings) count more than later ones. Close, not equal: a related word is evidence that a passage is
 * about the same thing, never as strong as the word itself. Looser relations (words of a definition, parts and
 * members, rare senses) were measured to add more noise than meaning: an unrelated question then found enough
 * loosely related words in some passage to look answered (BENCHMARKS.md, "Answers people actually get").
 */
const synonymStrength = 0.9;
const relationStrength: Record<string, number> = {
  "+": 0.7,
  "&": 0.7,
  "\\": 0.7,
  "=": 0.6,
  "^": 0.5,
  "@": 0.6,
  "@i": 0.6,
  "~": 0.5,
  "#p": 0.65,
};
/** Relations less close than this are left out. */
const minimumStrength = 0.5;
const compoundShare = 0.8;
/** Part-of chains are followed this many levels up, each level less close. */
const holonymLevels = 3;
const holonymDecay = 0.9;
/** Words this common ("give", "time", "person", "world") relate to everything and so to nothing. */
const minimumRelatedWeight = 0.45;
const mostRelated = 150;

/** A related word as an index term, with the word it came from and how close it is (0-1). */
export interface RelatedTerm {
  term: string;
  word: string;
  strength: number;
}

let wordnet: WordNet | null = null;
const memory = new Map<string, readonly RelatedTerm[]>();

function openWordNet(): WordNet {
  wordnet ??= WordNet.open();
  return wordnet;
}

/** What a word's base forms and part-of-speech weight are: they never change, so they are remembered. */
const knownBaseForms = new Map<string, readonly string[]>();
const knownWeights = new Map<string, number>();
const rememberedWords = 50_000;

/** The base forms of a word that WordNet knows ("kids" -> "kid", "paid" -> "pay"). */
export function baseForms(word: string): readonly string[] {
  const known = knownBaseForms.get(word);
  if (known !== undefined) return known;
  const net = openWordNet();
  const forms = possibleBaseForms(word).filter((candidate) => net.has(candidate));
  if (knownBaseForms.size >= rememberedWords) knownBaseForms.clear();
  knownBaseForms.set(word, forms);
  return forms;
}

/**
 * How much a word's part of speech says about a topic: nouns name what a question is about ("company cars"),
 * verbs and adjectives less ("provide", "new"), adverbs least. Words WordNet does not know (names, acronyms,
 * jargon, numbers) are taken as names.
 */
export function partOfSpeechWeight(word: string): number {
  const known = knownWeights.get(word);
  if (known !== undefined) return known;
  const net = openWordNet();
  const parts = new Set(baseForms(word).flatMap((form) => net.lookUp(form).map((entry) => entry.pos)));
  const weight =
    parts.size === 0 || parts.has("noun") ? 1 : parts.has("adj") ? 0.8 : parts.has("verb") ? 0.7 : 0.5;
  if (knownWeights.size >= rememberedWords) knownWeights.clear();
  knownWeights.set(word, weight);
  return weight;
}

/** Terms related to `word` (a single word, any form), closest first; the word's own terms are left out. */
export function relatedTerms(word: string): readonly RelatedTerm[] {
  const key = word.toLowerCase();
  const remembered = memory.get(key);
  if (remembered !== undefined) return remembered;
  const own = new Set(tokenize(key));
  const found = new Map<string, RelatedTerm>();
  const add = (text: string, strength: number) => {
    const { compound, usable } = lemmaWords(text);
    // A part of a compound ("salary" of "salary increase" for "raise") is less close than a whole synonym.
    const share = compound ? strength * compoundShare : strength;
    if (share < minimumStrength) return;
    for (const { term, word: part } of usable) {
      if (own.has(term) || share <= (found.get(term)?.strength ?? 0)) continue;
      found.set(term, { term, word: part, strength: share });
    }
  };
  const net = openWordNet();
  for (const lemma of baseForms(key)) {
    for (const { pos, offsets } of net.lookUp(lemma)) {
      offsets.forEach((offset, rank) => {
        const senseWeight = 1 / (1 + 0.35 * rank);
        // A sense this rare cannot reach the closeness kept, not even through its synonyms: it is not read.
        if (synonymStrength * senseWeight >= minimumStrength)
          collectSynset(net, pos, offset, senseWeight, add);
      });
    }
  }
  const closest = [...found.values()]
    .sort((left, right) => right.strength - left.strength)
    .slice(0, mostRelated);
  if (memory.size > 50_000) memory.clear();
  memory.set(key, closest);
  return closest;
}

/** A lemma's words, remembered: lemmas come back in synset after synset. */
const knownLemmas = new Map<string, LemmaWords>();
const rememberedLemmas = 100_000;

interface LemmaWords {
  /** More than one word ("salary increase"). */
  compound: boolean;
  /** Its words that may be related words. */
  usable: ReadonlyArray<{ term: string; word: string }>;
}

function lemmaWords(text: string): LemmaWords {
  const known = knownLemmas.get(text);
  if (known !== undefined) return known;
  const words = tokenizeWords(text);
  // Common words ("give" of "give up", "time" of "period") relate to everything and so to nothing, and a number in
  // a definition ("atomic number 7" for "nitrogen") is not what a passage's number means.
  const usable = words.filter(({ word }) => wordWeight(word) >= minimumRelatedWeight && !/\d/.test(word));
  const lemma = { compound: words.length > 1, usable };
  if (knownLemmas.size >= rememberedLemmas) knownLemmas.clear();
  knownLemmas.set(text, lemma);
  return lemma;
}

function collectSynset(
  net: WordNet,
  pos: PartOfSpeech,
  offset: number,
  senseWeight: number,
  add: (text: string, strength: number) => void,
): void {
  const synset = net.synset(pos, offset);
  for (const word of synset.words) add(word, synonymStrength * senseWeight);
  for (const pointer of synset.pointers) addPointer(net, pointer, senseWeight, add);
}

function addPointer(
  net: WordNet,
  pointer: Pointer,
  senseWeight: number,
  add: (text: string, strength: number) => void,
): void {
  const strength = relationStrength[pointer.symbol];
  if (strength === undefined || strength * senseWeight < minimumStrength) return;
  const target = net.synset(pointer.pos, pointer.offset);
  for (const word of target.words) add(word, strength * senseWeight);
  if (pointer.symbol === "#p") addWholes(net, target, strength * senseWeight, holonymLevels - 1, add);
}

/**
 * What a place is part of, a few levels up: "Berlin" is in Germany, which is in Europe; "Toronto" in Ontario, in
 * Canada. A question about Berlin is answered by a rule for Europe.
 */
function addWholes(
  net: WordNet,
  synset: Synset,
  strength: number,
  levels: number,
  add: (text: string, strength: number) => void,
): void {
  if (levels <= 0) return;
  for (const pointer of synset.pointers) {
    if (pointer.symbol !== "#p") continue;
    const whole = net.synset(pointer.pos, pointer.offset);
    for (const word of whole.words) add(word, strength * holonymDecay);
    addWholes(net, whole, strength * holonymDecay, levels - 1, add);
  }
}
