import { describe, expect, it } from "vitest";
import { passRelevanceGate } from "../../src/answer/relevance-gate.js";
import { makeHit } from "./answer-fixtures.js";

describe("passRelevanceGate", () => {
  it("drops everything when no passage covers enough of the question and no vector match is strong", () => {
    const hits = [
      makeHit("public/faq.md", "a", { score: 1, vectorScore: 0.23, keywordScore: 0.46 }),
      makeHit("public/offices.md", "b", { score: 0.8, vectorScore: 0.16, keywordScore: null }),
    ];
    expect(passRelevanceGate(hits, 0.5)).toEqual([]);
  });

  it("keeps the covering passage and neighbours with half its coverage, dropping weaker ones, in order", () => {
    const leave = makeHit("hr/leave-policy.md", "a", { score: 1, vectorScore: 0.5, keywordScore: 0.87 });
    const benefits = makeHit("hr/benefits.pdf", "b", { score: 0.3, vectorScore: null, keywordScore: 0.3 });
    const noise = makeHit("public/faq.md", "c", { score: 0.29, vectorScore: 0.28, keywordScore: 0.1 });
    expect(passRelevanceGate([leave, noise, benefits], 0.5)).toEqual([leave, benefits]);
  });

  it("keeps a strong vector match without shared words, and honours the similarity option", () => {
    const semantic = makeHit("public/cars.md", "a", { score: 0.35, vectorScore: 0.62, keywordScore: null });
    expect(passRelevanceGate([semantic], 0.5)).toEqual([semantic]);
    expect(passRelevanceGate([semantic], 0.5, { minVectorSimilarity: 0.7 })).toEqual([]);
  });

  it("treats non-finite scores as no evidence", () => {
    const broken = makeHit("c.md", "c", {
      score: Number.NaN,
      vectorScore: Number.NaN,
      keywordScore: Number.NaN,
    });
    expect(passRelevanceGate([broken], 0.5)).toEqual([]);
    expect(passRelevanceGate([], 0.5)).toEqual([]);
  });
});
