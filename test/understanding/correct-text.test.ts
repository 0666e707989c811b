import { describe, expect, it } from "vitest";
import type { Vocabulary } from "../../src/retrieval/vocabulary.js";
import { tokenizeWords } from "../../src/text/tokenize.js";
import { correctText } from "../../src/understanding/spelling/correct-text.js";

/** A vocabulary of a few documents' words, as the index would hold them. */
function vocabularyOf(text: string): Vocabulary {
  const counts = new Map<string, number>();
  for (const { term } of tokenizeWords(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return {
    size: counts.size,
    termOf: (word) => tokenizeWords(word)[0]?.term ?? word.toLowerCase(),
    chunkCount: (term) => counts.get(term) ?? 0,
    terms: () => counts.keys(),
  };
}

const documents = vocabularyOf(
  "Hearing care services are covered at 80%. Quokkaline pays the premium. Paid time off is accrued per pay period.",
);

describe("correctText", () => {
  it("reads misspelled words as the documents' words, and leaves the rest as typed", () => {
    expect(correctText("What kinds of hearin care servises are covered at Quokaline?", documents)).toEqual({
      text: "What kinds of hearing care services are covered at quokkaline?",
      corrections: [
        { typed: "hearin", read: "hearing" },
        { typed: "servises", read: "services" },
        { typed: "Quokaline", read: "quokkaline" },
      ],
    });
  });

  it("reads a word of general English right even where the documents use another word for it", () => {
    expect(correctText("do i get paid for unused vaccation?", documents).text).toBe(
      "do i get paid for unused vacation?",
    );
  });

  it("never changes a word the documents use or a frequent English word", () => {
    const text = "Is the form for the premium from HR?";
    expect(correctText(text, documents)).toEqual({ text, corrections: [] });
  });
});
