import { describe, expect, it } from "vitest";
import { IndexedWords, indexWords } from "../../src/answer/indexed-words.js";
import { QuestionMatcher } from "../../src/answer/match-terms.js";
import { analyseQuestion } from "../../src/understanding/analyse-question.js";

const texts = [
  "Employees get 20 vacation days a year; unused days carry over.",
  "Parental leave is 16 weeks, paid in full, for every new parent.",
  "Tell your manager before 9am when you are sick; a doctor's note after three days.",
  "Laptops and phones are company property: report a lost device to IT at once.",
];

/** The text's words on pieces of their own, which no other question has read. */
function freshWords(text: string): IndexedWords {
  return new IndexedWords(indexWords(text).pieces.map((piece) => ({ ...piece, matchedBy: 0, credit: null })));
}

describe("QuestionMatcher", () => {
  it("reads shared pieces the same whether other questions read them in between or not", () => {
    const questions = ["how many vacation days do i get", "who do i tell when im sick", "paternity leave"];
    const alone = questions.map((question) => {
      const matcher = new QuestionMatcher(analyseQuestion(question).terms);
      return texts.map((text) => [...matcher.read(freshWords(text))]);
    });
    const matchers = questions.map((question) => new QuestionMatcher(analyseQuestion(question).terms));
    // Text by text, each question in turn: every piece is read by another question between two readings.
    const interleaved = questions.map(() => [] as number[][]);
    for (const text of texts) {
      matchers.forEach((matcher, index) => {
        interleaved[index]?.push([...matcher.read(indexWords(text))]);
      });
    }
    expect(interleaved).toEqual(alone);
    // A question gets something from the texts, so the comparison is not between empty readings.
    const given = alone.map((readings) => readings.some((reading) => reading.some((value) => value > 0)));
    expect(given).toEqual([true, true, true]);
  });
});
