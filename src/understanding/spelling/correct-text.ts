import type { Vocabulary } from "../../retrieval/vocabulary.js";
import { stopwords } from "../../text/stopwords.js";
import { correctWord } from "./correct-spelling.js";

/** A correction into a word the documents use, at least this sure, is made in the question's text. */
const minimumConfidence = 0.6;

export interface CorrectedText {
  text: string;
  /** What was read as what, in the order typed ("hearin" -> "hearing"). */
  corrections: Array<{ typed: string; read: string }>;
}

/**
 * The text with its misspelled words read as the words meant, where the corrector is sure enough: "What typs of
 * hearin care servises are covered" is searched as "What types of hearing care services are covered". A word of
 * general English the documents do not use is read right too ("vaccation" as "vacation", whose related words the
 * documents may use: "paid time off"); the corrector makes such a correction only when it is the clear reading.
 */
export function correctText(text: string, vocabulary: Vocabulary): CorrectedText {
  const corrections: CorrectedText["corrections"] = [];
  const corrected = text.replace(/\p{L}[\p{L}\p{M}'\u2019]*/gu, (typed) => {
    const result = correctWord(typed, vocabulary);
    const read = result.correction;
    if (result.status !== "corrected" || read === undefined) return typed;
    // A word only general English has is still worth reading right: its related words may be the documents'.
    const documentWord = result.inDocuments !== false || stopwords.has(read);
    if (documentWord && result.confidence < minimumConfidence) return typed;
    corrections.push({ typed, read });
    return read;
  });
  return { text: corrected, corrections };
}
