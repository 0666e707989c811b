import { describe, expect, it } from "vitest";
import { checkCitations } from "../../src/answer/check-citations.js";
import { createSourceLinker } from "../../src/answer/source-links.js";
import { makeHit } from "./answer-fixtures.js";

const sources = [
  makeHit("hr/leave-policy.md", "Parental leave is 20 weeks."),
  makeHit("hr/benefits.pdf", "Dental up to EUR 400.", { page: 4 }),
  makeHit("public/faq.md", "Ask HR."),
];
const links = createSourceLinker({ sourceBaseUrl: "https://docs.example.com", sourceUrlMap: {} });
const check = (text: string) => checkCitations(text, sources, links);

describe("checkCitations", () => {
  it("removes a marker that points to no source, cleanly", () => {
    expect(check("Leave is 20 weeks [7].").text).toBe("Leave is 20 weeks.");
    expect(check("Leave [7] is 20 weeks.").text).toBe("Leave is 20 weeks.");
    expect(check("[7] Leave is 20 weeks.\n[0] Dental too.").text).toBe("Leave is 20 weeks.\nDental too.");
    expect(check("Leave is 20 weeks [7][9], and dental [4, 5].").text).toBe("Leave is 20 weeks, and dental.");
    const result = check("Leave is 20 weeks [7].");
    expect(result.citations).toEqual([]);
    expect(result.grounded).toBe(false);
  });

  it("keeps valid markers and lists each cited source once, in order of first citation", () => {
    const result = check("Dental is covered [2]. Leave is 20 weeks [1][2]. Again [2] and [1, 2].");
    expect(result.text).toBe("Dental is covered [2]. Leave is 20 weeks [1][2]. Again [2] and [1, 2].");
    expect(result.grounded).toBe(true);
    expect(result.citations).toEqual([
      {
        n: 2,
        source: "hr/benefits.pdf",
        page: 4,
        heading: "benefits > Section",
        scope: "hr",
        url: "https://docs.example.com/hr/benefits.pdf#page=4",
      },
      {
        n: 1,
        source: "hr/leave-policy.md",
        page: null,
        heading: "leave-policy > Section",
        scope: "hr",
        url: "https://docs.example.com/hr/leave-policy.md",
      },
    ]);
  });

  it("expands ranges and keeps only the valid part of a mixed marker", () => {
    const ranged = check("All three agree [1-3].");
    expect(ranged.text).toBe("All three agree [1-3].");
    expect(ranged.citations.map((citation) => citation.n)).toEqual([1, 2, 3]);
    const mixed = check("Mostly [2-5] and [3, 8] and [9][1].");
    expect(mixed.text).toBe("Mostly [2, 3] and [3] and [1].");
    expect(mixed.citations.map((citation) => citation.n)).toEqual([2, 3, 1]);
  });

  it("is not grounded without any marker, and leaves code alone", () => {
    const plain = check("Parental leave is 20 weeks.");
    expect(plain).toEqual({ text: "Parental leave is 20 weeks.", citations: [], grounded: false });
    const code = check("Use `items[7]` here [1].\n```\nvalues[9] = 1\n```");
    expect(code.text).toBe("Use `items[7]` here [1].\n```\nvalues[9] = 1\n```");
    expect(code.citations.map((citation) => citation.n)).toEqual([1]);
  });

  it("gives no url when no link is configured", () => {
    const result = checkCitations("Ask HR [3].", sources, createSourceLinker({ sourceUrlMap: {} }));
    expect(result.citations).toEqual([
      { n: 3, source: "public/faq.md", page: null, heading: "faq > Section", scope: "public" },
    ]);
  });
});
