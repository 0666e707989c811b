import { describe, expect, it } from "vitest";
import { buildExtractiveAnswer, buildNotCoveredAnswer } from "../../src/answer/extractive-answer.js";
import { createSourceLinker } from "../../src/answer/source-links.js";
import { makeHit } from "./answer-fixtures.js";

const links = createSourceLinker({ sourceUrlMap: {} });
const filler = "Our office kitchen is cleaned every evening by the facilities team.";

describe("buildExtractiveAnswer", () => {
  it("quotes the sentences around the best match, whole sentences within about 400 characters", () => {
    const text = `${filler} ${filler} ${filler} ${filler} Primary carers get 20 weeks of parental leave at full pay. Second parents get 6 weeks. ${filler} ${filler} ${filler}`;
    const hits = [makeHit("hr/leave-policy.md", text, { score: 1 })];
    const answer = buildExtractiveAnswer("How many weeks of parental leave?", hits, links);
    const [intro, passage] = answer.text.split("\n\n");
    expect(intro).toBe("Here are the most relevant passages from the documents:");
    expect(passage).toMatch(/^> .*Primary carers get 20 weeks of parental leave at full pay\..* \[1\]$/);
    expect(passage?.length).toBeLessThanOrEqual(400 + "> ".length + " [1]".length);
    expect(passage).toMatch(/^> [A-Z].*\. \[1\]$/);
    expect(answer.citations).toEqual([
      { n: 1, source: "hr/leave-policy.md", page: null, heading: "leave-policy > Section", scope: "hr" },
    ]);
  });

  it("quotes up to maxPassages hits, skipping weak, unrelated and repeated ones", () => {
    const hits = [
      makeHit("hr/leave-policy.md", "Parental leave is 20 weeks.", { score: 1 }),
      makeHit("hr/leave-copy.md", "Parental leave is 20 weeks.", { score: 0.9 }),
      makeHit("public/kitchen.md", filler, { score: 0.8 }),
      makeHit("hr/benefits.pdf", "Parental benefits start on day one.", { score: 0.7, page: 2 }),
      makeHit("hr/weak.md", "Parental leave weak match.", { score: 0.4 }),
    ];
    const answer = buildExtractiveAnswer("parental leave", hits, links);
    expect(answer.text).toBe(
      "Here are the most relevant passages from the documents:\n\n> Parental leave is 20 weeks. [1]\n\n> Parental benefits start on day one. [2]",
    );
    expect(answer.citations.map((citation) => [citation.n, citation.source, citation.page])).toEqual([
      [1, "hr/leave-policy.md", null],
      [2, "hr/benefits.pdf", 2],
    ]);
    const one = buildExtractiveAnswer("parental leave", hits, links, { maxPassages: 1 });
    expect(one.citations).toHaveLength(1);
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
