import { describe, expect, it } from "vitest";
import type { RankedUnit } from "../../src/answer/rank-units.js";
import { judgeCoverage } from "../../src/answer/relevance-gate.js";
import { splitUnits } from "../../src/answer/split-units.js";
import { makeHit } from "./answer-fixtures.js";

const hit = makeHit("hr/leave-policy.md", "Every employee gets 25 days.", { vectorScore: 0.2 });
const [firstUnit] = splitUnits(hit.chunk.text);
if (firstUnit === undefined) throw new Error("the fixture has no unit");
const unit = (confidence: number): RankedUnit => ({
  hit,
  unit: firstUnit,
  coverage: confidence,
  ownCoverage: confidence,
  confidence,
  score: confidence,
});

describe("judgeCoverage", () => {
  it("answers from minRelevance, surely from 1.4 times it, and calls half of it related", () => {
    expect(judgeCoverage([unit(0.8), unit(0.3)], [hit], 0.5)).toEqual({
      level: "answers",
      confidence: 0.8,
      sure: true,
    });
    expect(judgeCoverage([unit(0.55)], [hit], 0.5)).toEqual({
      level: "answers",
      confidence: 0.55,
      sure: false,
    });
    expect(judgeCoverage([unit(0.3)], [hit], 0.5)).toEqual({
      level: "related",
      confidence: 0.3,
      sure: false,
    });
    expect(judgeCoverage([unit(0.2)], [hit], 0.5)).toEqual({
      level: "unrelated",
      confidence: 0.2,
      sure: false,
    });
    expect(judgeCoverage([], [], 0.5).level).toBe("unrelated");
  });

  it("answers on a strong vector match (a semantic embedder) even without shared words", () => {
    const semantic = makeHit("public/cars.md", "Company vehicles are leased.", { vectorScore: 0.62 });
    expect(judgeCoverage([unit(0.1)], [semantic], 0.5)).toMatchObject({ level: "answers", sure: true });
    expect(judgeCoverage([unit(0.1)], [semantic], 0.5, 0.7).level).toBe("unrelated");
  });

  it("treats non-finite values as no evidence", () => {
    const broken = makeHit("c.md", "c", { vectorScore: Number.NaN });
    expect(judgeCoverage([unit(Number.NaN)], [broken], 0.5).level).toBe("unrelated");
  });
});
