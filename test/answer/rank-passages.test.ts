import { describe, expect, it } from "vitest";
import { type RankedUnit, rankPassages } from "../../src/answer/rank-units.js";
import { splitUnits } from "../../src/answer/split-units.js";
import { makeHit } from "./answer-fixtures.js";

/** A passage by its name: passages are told apart by their chunk id, which the name makes. */
const passage = (name: string) => makeHit(`docs/${name}.md`, `Passage ${name} says something.`);
const retrieved = ["a", "b", "c", "d", "e", "f", "g"].map(passage);

/** A ranked unit of the named passage: only its passage matters to rankPassages. */
function unitOf(name: string): RankedUnit {
  const hit = passage(name);
  const [unit] = splitUnits(hit.chunk.text);
  if (unit === undefined) throw new Error("the fixture has no unit");
  return { hit, unit, coverage: 1, ownCoverage: 1, confidence: 1, score: 1 };
}

const sources = (hits: ReturnType<typeof rankPassages>) => hits.map((hit) => hit.chunk.source);

describe("rankPassages", () => {
  it("gives retrieval's passages and the best units' passages retrieval left out, placed before its last ones", () => {
    const ranked = [unitOf("x"), unitOf("b"), unitOf("y")];
    // The best two units are in x (left out by retrieval) and b (retrieved): x goes in before retrieval's last one.
    expect(sources(rankPassages(ranked, retrieved, 6))).toEqual([
      "docs/a.md",
      "docs/b.md",
      "docs/c.md",
      "docs/d.md",
      "docs/e.md",
      "docs/x.md",
      "docs/f.md",
    ]);
  });

  it("keeps the best units' passages ahead of retrieval's last two when both were left out", () => {
    const ranked = [unitOf("x"), unitOf("y")];
    expect(sources(rankPassages(ranked, retrieved, 6))).toEqual([
      "docs/a.md",
      "docs/b.md",
      "docs/c.md",
      "docs/d.md",
      "docs/x.md",
      "docs/y.md",
      "docs/e.md",
      "docs/f.md",
    ]);
  });

  it("adds nothing when retrieval already holds the best units' passages", () => {
    const ranked = [unitOf("c"), unitOf("a")];
    expect(sources(rankPassages(ranked, retrieved, 6))).toEqual(sources(retrieved.slice(0, 6)));
  });
});
