import { describe, expect, it } from "vitest";
import { fuseRankings } from "../../src/retrieval/fuse-rankings.js";

const vectorHits = [
  { label: 1, score: 0.8 },
  { label: 2, score: 0.4 },
  { label: 3, score: 0.2 },
];
const keywordHits = [
  { label: 2, score: 10 },
  { label: 4, score: 5 },
  { label: 1, score: 2 },
];

describe("fuseRankings", () => {
  it("adds max-normalised scores with the vector weight", () => {
    const fused = fuseRankings(vectorHits, keywordHits, { vectorWeight: 0.5 });
    expect(fused.map((hit) => hit.label)).toEqual([2, 1, 4, 3]);
    expect(fused.map((hit) => hit.score)).toEqual([
      0.5 * 0.5 + 0.5 * 1,
      0.5 * 1 + 0.5 * 0.2,
      0.5 * 0.5,
      0.5 * 0.25,
    ]);
  });

  it("keeps the component scores, null for the side that missed the hit", () => {
    const fused = fuseRankings(vectorHits, keywordHits);
    const byLabel = new Map(fused.map((hit) => [hit.label, hit]));
    expect(byLabel.get(2)).toMatchObject({ vectorScore: 0.4, keywordScore: 10 });
    expect(byLabel.get(4)).toMatchObject({ vectorScore: null, keywordScore: 5 });
    expect(byLabel.get(3)).toMatchObject({ vectorScore: 0.2, keywordScore: null });
  });

  it("keeps every score in [0, 1] and gives 1 to a hit that tops both sides", () => {
    const top = fuseRankings([{ label: 7, score: 0.9 }], [{ label: 7, score: 3 }]);
    expect(top).toEqual([{ label: 7, score: 1, vectorScore: 0.9, keywordScore: 3 }]);
    for (const options of [
      {},
      { method: "reciprocal-rank" as const },
      { vectorWeight: 1 },
      { vectorWeight: 0 },
    ]) {
      for (const hit of fuseRankings(vectorHits, keywordHits, options)) {
        expect(hit.score).toBeGreaterThanOrEqual(0);
        expect(hit.score).toBeLessThanOrEqual(1);
      }
    }
    expect(fuseRankings([{ label: 1, score: -0.3 }], [])[0]?.score).toBe(0);
  });

  it("follows one side alone when the other is empty, and at the extreme weights", () => {
    expect(fuseRankings([], keywordHits).map((hit) => hit.label)).toEqual([2, 4, 1]);
    expect(fuseRankings(vectorHits, []).map((hit) => hit.label)).toEqual([1, 2, 3]);
    expect(
      fuseRankings(vectorHits, keywordHits, { vectorWeight: 1 })
        .slice(0, 3)
        .map((hit) => hit.label),
    ).toEqual([1, 2, 3]);
    expect(fuseRankings([], [])).toEqual([]);
  });

  it("fuses by reciprocal rank when asked", () => {
    const fused = fuseRankings(vectorHits, keywordHits, {
      method: "reciprocal-rank",
      rankConstant: 60,
      vectorWeight: 0.5,
    });
    expect(fused.map((hit) => hit.label)).toEqual([2, 1, 4, 3]);
    expect(fused[0]?.score).toBeCloseTo((0.5 / 62 + 0.5 / 61) * 61, 12);
  });
});
