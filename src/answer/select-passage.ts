import { tokenize } from "../retrieval/tokenize.js";
import { splitSentences } from "./sentence-boundaries.js";

export interface Passage {
  /** Whole sentences, on their original lines. */
  text: string;
  /** Distinct question terms in the best sentence. */
  matchedTerms: number;
}

/**
 * The part of a chunk worth quoting: the sentence that shares the most of the question's words (stemmed,
 * stopwords dropped; the first sentence on a tie), widened with its neighbours while the passage stays within
 * maxCharacters, whole sentences only. A single sentence longer than that is cut at a word, with "…".
 */
export function selectPassage(question: string, text: string, maxCharacters = 400): Passage {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return { text: "", matchedTerms: 0 };
  const questionTerms = new Set(tokenize(question));
  const overlap = sentences.map(
    (sentence) => new Set(tokenize(sentence.text).filter((term) => questionTerms.has(term))).size,
  );
  const best = overlap.indexOf(Math.max(...overlap));
  let first = best;
  let last = best;
  const span = (from: number, to: number) => (sentences[to]?.end ?? 0) - (sentences[from]?.start ?? 0);
  for (;;) {
    const after = last + 1 < sentences.length && span(first, last + 1) <= maxCharacters;
    const before = first > 0 && span(first - 1, last) <= maxCharacters;
    if (!after && !before) break;
    const preferAfter = after && (!before || (overlap[last + 1] ?? 0) >= (overlap[first - 1] ?? 0));
    if (preferAfter) last++;
    else first--;
  }
  const matchedTerms = overlap[best] ?? 0;
  const passage = tidyLines(text.slice(sentences[first]?.start ?? 0, sentences[last]?.end ?? 0));
  if (passage.length <= maxCharacters) return { text: passage, matchedTerms };
  const cut = passage.slice(0, maxCharacters - 1).replace(/\s+\S*$/, "");
  return { text: `${cut}\u2026`, matchedTerms };
}

/** Spaces collapsed and blank lines dropped; single line breaks stay (lists and table rows). */
function tidyLines(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n");
}
