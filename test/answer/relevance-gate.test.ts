import { describe, expect, it } from "vitest";
import { passRelevanceGate } from "../../src/answer/relevance-gate.js";
import { makeHit } from "./answer-fixtures.js";

describe("passRelevanceGate", () => {
  it("drops everything for a question that shares no word and only has weak vector neighbours", () => {
    // Shapes measured on the sample corpus for "what's the weather on Mars": vector-only, cosine ~0.16.
    const hits = [
      makeHit("public/faq.md", "a", { score: 0.4, vectorScore: 0.16, keywordScore: null }),
      makeHit("public/offices.md", "b", { score: 0.39, vectorScore: 0.16, keywordScore: null }),
    ];
    expect(passRelevanceGate(hits, 0.05)).toEqual([]);
  });

  it("keeps hits the keyword side found and drops weak vector-only ones, in order", () => {
    const leave = makeHit("hr/leave-policy.md", "a", { score: 1, vectorScore: 0.5, keywordScore: 13.8 });
    const benefits = makeHit("hr/benefits.pdf", "b", { score: 0.3, vectorScore: null, keywordScore: 2.1 });
    const noise = makeHit("public/faq.md", "c", { score: 0.29, vectorScore: 0.28, keywordScore: null });
    expect(passRelevanceGate([leave, noise, benefits], 0.05)).toEqual([leave, benefits]);
  });

  it("keeps a strong vector-only match, and honours the threshold option", () => {
    const semantic = makeHit("public/cars.md", "a", { score: 0.35, vectorScore: 0.62, keywordScore: null });
    expect(passRelevanceGate([semantic], 0.05)).toEqual([semantic]);
    expect(passRelevanceGate([semantic], 0.05, { minVectorOnlySimilarity: 0.7 })).toEqual([]);
  });

  it("drops hits under minRelevance, with zero keyword scores or non-finite scores", () => {
    const weak = makeHit("a.md", "a", { score: 0.04, keywordScore: 9 });
    const zero = makeHit("b.md", "b", { score: 0.5, vectorScore: 0.2, keywordScore: 0 });
    const broken = makeHit("c.md", "c", { score: Number.NaN, keywordScore: 9 });
    const kept = makeHit("d.md", "d", { score: 0.05, keywordScore: 0.1 });
    expect(passRelevanceGate([weak, zero, broken, kept], 0.05)).toEqual([kept]);
  });
});
