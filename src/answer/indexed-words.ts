import { tokenizeWords } from "../retrieval/tokenize.js";
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

export function indexWords(text: string): IndexedWords {
  const terms = new Set<string>();
  const forms = new Set<string>();
  for (const { term, word } of tokenizeWords(text)) {
    terms.add(term);
    for (const form of possibleBaseForms(word)) forms.add(form);
    // "wi-fi" is also "wifi", "e-mail" also "email".
    if (/[-_.]/.test(word)) forms.add(word.replace(/[-_.]/g, ""));
  }
  return { terms, forms };
}
