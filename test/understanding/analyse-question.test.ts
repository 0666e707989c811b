import { describe, expect, it } from "vitest";
import { analyseQuestion, type QuestionTerm } from "../../src/understanding/analyse-question.js";
import { wordWeight } from "../../src/understanding/english-frequency.js";
import { expectedAnswer, holdsAnswerKind } from "../../src/understanding/expected-answer.js";

const termOf = (terms: readonly QuestionTerm[], word: string) => terms.find((term) => term.word === word);
const relatedWords = (term: QuestionTerm | undefined) => term?.related.map((related) => related.word) ?? [];

describe("wordWeight", () => {
  it("weighs words by how rare they are in general English, not in the documents", () => {
    expect(wordWeight("get")).toBeLessThan(0.1);
    expect(wordWeight("need")).toBeLessThan(0.3);
    expect(wordWeight("sabbatical")).toBeGreaterThan(0.9);
    expect(wordWeight("contractor")).toBeGreaterThan(0.9);
    expect(wordWeight("days")).toBeCloseTo(wordWeight("day"), 5);
    expect(wordWeight("2026")).toBe(1);
  });
});

describe("analyseQuestion", () => {
  it("weighs the asking part over the situation around it, and leaves out words that only frame the question", () => {
    const { terms, expects } = analyseQuestion(
      "My wife is due in August. How much paternity leave can I take?",
    );
    expect(expects).toBe("quantity");
    expect(termOf(terms, "paternity")?.weight).toBeGreaterThan(2 * (termOf(terms, "wife")?.weight ?? 1));
    expect(termOf(terms, "much")).toBeUndefined();
    const framing = analyseQuestion("Am I allowed to get a sabbatical?").terms;
    expect(termOf(framing, "allowed")?.weight).toBeLessThan(0.1);
    expect(termOf(framing, "sabbatical")?.weight).toBeGreaterThan(0.9);
  });

  it("relates words by meaning: synonyms, shorthand and numbers written out", () => {
    const { terms } = analyseQuestion("does the medical cover include my kids? coming up on 5 yrs of PTO");
    expect(relatedWords(termOf(terms, "kids"))).toContain("child");
    expect(relatedWords(termOf(terms, "yrs"))).toContain("years");
    expect(relatedWords(termOf(terms, "pto"))).toEqual(expect.arrayContaining(["vacation", "leave"]));
    expect(relatedWords(termOf(terms, "5"))).toContain("five");
  });

  it("holds only the asking part's words against a passage, not the situation's", () => {
    const { terms } = analyseQuestion(
      "car failed its test and needs a big repair. does the company do loans?",
    );
    expect(termOf(terms, "loans")?.asking).toBe(true);
    expect(termOf(terms, "repair")?.asking).toBe(false);
    expect(
      relatedWords(
        analyseQuestion("does pay day come early in dec? xmas shopping").terms.find(
          (term) => term.word === "dec",
        ),
      ),
    ).toContain("december");
  });

  it("reads a two-word expression as one meaning ('chip in' is 'contribute')", () => {
    const { terms } = analyseQuestion("does the company chip in for a pension?");
    expect(relatedWords(termOf(terms, "chip"))).toContain("contribute");
  });

  it("treats a compound as one term whose parts are related words", () => {
    const { terms } = analyseQuestion("What's the p99 latency for paddock-api?");
    const compound = terms.find((term) => term.term === "paddockapi");
    expect(compound?.weight).toBe(1);
    expect(relatedWords(compound)).toEqual(expect.arrayContaining(["paddock", "api"]));
    expect(termOf(terms, "paddock")).toBeUndefined();
  });

  it("searches a follow-up with the earlier questions it leans on, and a question without context alone", () => {
    const earlier = ["what's the max we can spend per night on a hotel in europe?"];
    const followUp = analyseQuestion("and in toronto?", earlier);
    expect(followUp.followUp).toBe(true);
    expect(followUp.searchText).toContain(earlier[0]);
    expect(termOf(followUp.terms, "hotel")).toMatchObject({ turn: 1 });
    expect(termOf(followUp.terms, "hotel")?.weight).toBeGreaterThan(0.15);
    expect(followUp.expects).toBe("quantity");

    const fresh = analyseQuestion("How many paid sick days do employees have per year?");
    expect(fresh.followUp).toBe(false);
    expect(fresh.searchText).not.toContain("hotel");
    expect(termOf(fresh.terms, "hotel")).toBeUndefined();
  });

  it("reads 'full timers' as full-time staff and 'headcount-wise' as headcount", () => {
    const staff = analyseQuestion("how many vacation days do full timers get?").terms;
    expect(staff.some((term) => term.word.includes("timer"))).toBe(false);
    expect(relatedWords(termOf(staff, "fulltime"))).toEqual(expect.arrayContaining(["full", "time"]));
    expect(
      termOf(analyseQuestion("roughly how big is quokkaline headcount-wise?").terms, "headcount"),
    ).toBeDefined();
  });

  it("reads words that name JavaScript's own object members as plain words", () => {
    const { terms } = analyseQuestion("who wrote the constructor of the toString helper?");
    expect(termOf(terms, "constructor")).toBeDefined();
  });

  it("relates workplace words WordNet does not: British, American and Canadian names for the same thing", () => {
    const holiday = analyseQuestion("how much holiday do I get?").terms;
    expect(relatedWords(termOf(holiday, "holiday"))).toEqual(expect.arrayContaining(["annual", "leave"]));
    const note = analyseQuestion("when do I need a doctor's note?").terms;
    expect(relatedWords(termOf(note, "doctor"))).toEqual(expect.arrayContaining(["medical", "certificate"]));
    const payslips = analyseQuestion("where are my payslips?").terms;
    expect(relatedWords(termOf(payslips, "payslips"))).toContain("paycheck");
  });

  it("weighs contractions typed without the apostrophe and chat asides like the common words they are", () => {
    const { terms } = analyseQuestion("im off sick lol, cant come in tbh - do i need a note?");
    for (const word of ["im", "lol", "cant", "tbh"]) {
      expect(termOf(terms, word)?.weight ?? 0, word).toBeLessThan(0.25);
    }
    expect(termOf(terms, "sick")?.weight).toBeGreaterThan(0.3);
    expect(relatedWords(termOf(analyseQuestion("a bank hol in galway?").terms, "hol"))).toContain("holiday");
  });
});

describe("expectedAnswer", () => {
  it("tells the kind of answer from the asking words", () => {
    expect(expectedAnswer("how many days of leave do I get")).toBe("quantity");
    expect(expectedAnswer("when's payday")).toBe("time");
    expect(expectedAnswer("at what point do I need a doctor's note")).toBe("time");
    expect(expectedAnswer("who approves my expenses")).toBe("person");
    expect(expectedAnswer("is there a meal allowance when travelling in asia")).toBe("quantity");
    expect(expectedAnswer("can I bring my dog to the office")).toBe("any");
    expect(expectedAnswer("how heavy a box can I lift on my own")).toBe("quantity");
    expect(expectedAnswer("how late can I start after a night page")).toBe("quantity");
    expect(expectedAnswer("how often do I renew my badge")).toBe("time");
    expect(holdsAnswerKind("Renew it every second year.", "time")).toBe(true);
    expect(holdsAnswerKind("Secrets live in Strongbox.", "time")).toBe(false);
  });
});
