import { describe, expect, it } from "vitest";
import { buildExtractiveAnswer, buildNotCoveredAnswer } from "../../src/answer/extractive-answer.js";
import { rankUnits } from "../../src/answer/rank-units.js";
import { createSourceLinker } from "../../src/answer/source-links.js";
import { analyseQuestion } from "../../src/understanding/analyse-question.js";
import { makeHit } from "./answer-fixtures.js";

const links = createSourceLinker({ sourceUrlMap: {} });
const filler = "Our office kitchen is cleaned every evening by the facilities team.";
const parental = [
  "Quokkaline pays parental leave at full salary.",
  "",
  "| Type | Paid leave | When |",
  "| --- | --- | --- |",
  "| Primary caregiver | **20 weeks** at full pay | Before the birth |",
  "| Second parent | **10 weeks** at full pay | In the first 12 months |",
].join("\n");
const answer = (question: string, hits: Parameters<typeof rankUnits>[1], maxPassages?: number) =>
  buildExtractiveAnswer(rankUnits(analyseQuestion(question), hits), links, { maxPassages });

describe("buildExtractiveAnswer", () => {
  it("quotes the table row that answers, under its header row, before weaker matches", () => {
    const hits = [
      makeHit("public/kitchen.md", `${filler} ${filler}`, { score: 1 }),
      makeHit("hr/leave-policy.md", parental, { score: 0.6 }),
    ];
    const { text, citations } = answer("How much paternity leave does the second parent get?", hits);
    const [intro, first] = text.split("\n\n");
    expect(intro).toBe("Here is what the documents say:");
    // The row that answers comes first under the header; the other row of the table may follow it.
    expect(first).toMatch(
      /^> \| Type \| Paid leave \| When \|\n> \| --- \| --- \| --- \|\n> \| Second parent \| \*\*10 weeks\*\* at full pay \| In the first 12 months \|/,
    );
    expect(text).not.toContain("kitchen");
    expect(citations.map((citation) => citation.source)).toEqual(["hr/leave-policy.md"]);
  });

  it("quotes the sentence that holds the kind of answer asked for, not only the one sharing words", () => {
    const hits = [
      makeHit(
        "hr/leave-policy.md",
        "Sick leave is for your own health. You have up to 12 paid sick days per calendar year. Sick leave is recorded in Burrow.",
      ),
    ];
    const { text } = answer("how many sick days do I get?", hits, 1);
    expect(text).toBe(
      "Here is what the documents say:\n\n> You have up to 12 paid sick days per calendar year. [1]",
    );
  });

  it("quotes the next sentence of the paragraph with the best one when only it holds the kind of answer asked for", () => {
    const hits = [
      makeHit(
        "public/purchases.md",
        "Order business cards through the print shop form. Your business cards will arrive 7-10 business days after that.\n\nThe print shop also does posters.",
      ),
    ];
    const { text } = answer("how long till ordered business cards show up?", hits, 1);
    expect(text).toBe(
      "Here is what the documents say:\n\n> Order business cards through the print shop form. Your business cards will arrive 7-10 business days after that. [1]",
    );
    // Without a kind of answer to look for, the best sentence is quoted alone.
    expect(answer("can I order business cards through the print shop form?", hits, 1).text).not.toContain(
      "7-10",
    );
  });

  it("quotes a list's lead-in with its items, and a long list up to a limit with how many more there are", () => {
    const steps = [
      "Keep your devices with you when you travel.",
      "",
      "If a laptop or phone is lost or stolen:",
      "",
      "1. Tell security within one hour of noticing.",
      "2. Open a ticket with where and when you last had it.",
      "3. If it was stolen, report it to the police.",
    ].join("\n");
    const { text } = answer("what do I do if my laptop is stolen?", [makeHit("public/it.md", steps)], 1);
    expect(text.split("\n\n")[1]).toBe(
      [
        "> If a laptop or phone is lost or stolen:",
        "> 1. Tell security within one hour of noticing.",
        "> 2. Open a ticket with where and when you last had it.",
        "> 3. If it was stolen, report it to the police. [1]",
      ].join("\n"),
    );
    const long = [
      "Reimbursable travel expenses include:",
      "",
      ...Array.from({ length: 12 }, (_, i) => `- Expense kind ${i + 1}`),
    ];
    const listed = answer(
      "which travel expenses are reimbursable?",
      [makeHit("public/travel.md", long.join("\n"))],
      1,
    );
    expect(listed.text).toContain("> - Expense kind 8\n> (4 more in the source) [1]");
    expect(listed.text).not.toContain("Expense kind 9");
  });

  it("quotes a sentence under its heading when the heading says what the question asks about", () => {
    const benefits = [
      "Extended health and dental in Canada",
      "- Provider: Northstar Health. Quokkaline pays 100% of the premium.",
      "- Prescription drugs reimbursed at 90%.",
      "Private health insurance in Portugal",
      "- Provider: Medisfera. Quokkaline pays 100% of the premium.",
    ].join("\n");
    const { text } = answer(
      "who pays the dental premium in canada?",
      [makeHit("hr/benefits.pdf", benefits)],
      1,
    );
    expect(text.split("\n\n")[1]).toBe(
      "> **Extended health and dental in Canada**\n> - Provider: Northstar Health. Quokkaline pays 100% of the premium. [1]",
    );
  });

  it("quotes the band a number in the question falls in ('5 years' -> 'Between 3 and 15 years')", () => {
    const bands = [
      "Annual leave accrues each pay period, by years of federal service:",
      "",
      "* Fewer than 3 years: 4 hours per pay period",
      "* Between 3 and 15 years: 6 hours per pay period",
      "* More than 15 years: 8 hours per pay period",
    ].join("\n");
    const { text } = answer("how much annual leave per pay period once I have 5 years of service?", [
      makeHit("leave.md", bands),
    ]);
    // The item is read under its list's lead-in, which says what the hours are.
    expect(text.split("\n\n")[1]).toBe(
      "> Annual leave accrues each pay period, by years of federal service:\n> * Between 3 and 15 years: 6 hours per pay period [1]",
    );
  });

  it("numbers citations per passage, quotes each unit once and at most maxPassages", () => {
    const hits = [
      makeHit("hr/leave-policy.md", "Parental leave is 20 weeks. Parental leave is 20 weeks.", { score: 1 }),
      makeHit("hr/benefits.pdf", "Parental benefits start on day one of parental leave.", {
        score: 0.9,
        page: 2,
      }),
    ];
    const all = answer("parental leave", hits);
    expect(all.text.match(/Parental leave is 20 weeks\./g)).toHaveLength(1);
    expect(all.citations.map((citation) => [citation.n, citation.source, citation.page])).toEqual([
      [1, "hr/leave-policy.md", null],
      [2, "hr/benefits.pdf", 2],
    ]);
    expect(answer("parental leave", hits, 1).citations).toHaveLength(1);
  });
});

describe("buildNotCoveredAnswer", () => {
  it("names the scopes searched", () => {
    expect(buildNotCoveredAnswer(["public", "hr"], [], links)).toEqual({
      text: "I couldn't find an answer to that in the documents I can search here (public, hr).",
      citations: [],
    });
    expect(buildNotCoveredAnswer(null, [], links).text).toBe(
      "I couldn't find an answer to that in the documents.",
    );
    expect(buildNotCoveredAnswer([], [], links).text).toBe(
      "I couldn't find an answer to that: no documents are available in this conversation.",
    );
  });

  it("lists the closest sources with citations", () => {
    const closest = [makeHit("hr/leave-policy.md", "x"), makeHit("hr/benefits.pdf", "y", { page: 3 })];
    const answer = buildNotCoveredAnswer(["hr"], closest, links);
    expect(answer.text).toBe(
      "I couldn't find an answer to that in the documents I can search here (hr). You could look at: leave-policy > Section [1]; benefits > Section (page 3) [2].",
    );
    expect(answer.citations.map((citation) => [citation.n, citation.source])).toEqual([
      [1, "hr/leave-policy.md"],
      [2, "hr/benefits.pdf"],
    ]);
  });
});
