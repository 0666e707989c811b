import { tokenizeWords } from "../text/tokenize.js";
import { possibleBaseForms } from "../understanding/word-forms.js";

/**
 * A text's words as the ranking compares them: index terms (stems, as retrieval has them) for the question's own
 * words, and base forms for related words, which must name the same word ("vacate" for "resign" must not match
 * "vacation", whose stem it shares; "child" for "kids" must match "children", whose stem it does not share).
 */
export interface IndexedWords {
  terms: ReadonlySet<string>;
  forms: ReadonlySet<string>;
}

/** A word's forms never change: remembered for the words seen most recently. */
const knownForms = new Map<string, readonly string[]>();
const rememberedWords = 50_000;

export function indexWords(text: string): IndexedWords {
  const terms = new Set<string>();
  const forms = new Set<string>();
  for (const { term, word } of tokenizeWords(text)) {
    terms.add(term);
    for (const form of formsOf(word)) forms.add(form);
  }
  return { terms, forms };
}

/** Everything several texts hold, as one. */
export function joinWords(parts: readonly IndexedWords[]): IndexedWords {
  const terms = new Set<string>();
  const forms = new Set<string>();
  for (const part of parts) {
    for (const term of part.terms) terms.add(term);
    for (const form of part.forms) forms.add(form);
  }
  return { terms, forms };
}

function formsOf(word: string): readonly string[] {
  const known = knownForms.get(word);
  if (known !== undefined) return known;
  const forms = possibleBaseForms(word);
  // "wi-fi" is also "wifi", "e-mail" also "email".
  if (/[-_.]/.test(word)) forms.push(word.replace(/[-_.]/g, ""));
  if (knownForms.size >= rememberedWords) knownForms.clear();
  knownForms.set(word, forms);
  return forms;
}
