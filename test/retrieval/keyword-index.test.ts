import { describe, expect, it } from "vitest";
import { DocentError } from "../../src/errors.js";
import { KeywordIndex } from "../../src/retrieval/keyword-index.js";

const corpus = [
  { label: 10, text: "The cat sat on the mat" },
  { label: 11, text: "Dogs chase cats" },
  { label: 12, text: "A cat and a cat and a cat" },
  { label: 13, text: "Birds fly south" },
];

describe("KeywordIndex", () => {
  it("ranks by BM25 with the textbook formula", () => {
    const index = KeywordIndex.build(corpus, { k1: 1.2, b: 0.75 });
    const hits = index.search("cat", 10);
    // Ties (10 and 11: one "cat" in three terms each) go to the earlier document.
    expect(hits.map((hit) => hit.label)).toEqual([12, 10, 11]);
    const averageLength = (3 + 3 + 3 + 3) / 4;
    const idf = Math.log(1 + (4 - 3 + 0.5) / (3 + 0.5));
    const bm25 = (count: number, length: number) =>
      (idf * count * 2.2) / (count + 1.2 * (1 - 0.75 + (0.75 * length) / averageLength));
    expect(hits[0]?.score).toBeCloseTo(bm25(3, 3), 10);
    expect(hits[1]?.score).toBeCloseTo(bm25(1, 3), 10);
  });

  it("adds the scores of several query terms and ignores unknown ones", () => {
    const index = KeywordIndex.build(corpus);
    const hits = index.search("dog chasing a cat, quietly", 10);
    expect(hits.map((hit) => hit.label)).toEqual([11, 12, 10]);
    expect(hits[0]?.score).toBeGreaterThan(2 * (hits[2]?.score ?? 0));
    expect(index.search("zebra", 10)).toEqual([]);
    expect(index.search("cat", 0)).toEqual([]);
    expect(index.search("cat", 2).map((hit) => hit.label)).toEqual([12, 10]);
  });

  it("applies the allow filter inside the search, so k allowed documents come back", () => {
    const entries = Array.from({ length: 50 }, (_, label) => ({
      label,
      text: label % 2 === 1 ? "alpha alpha beta" : "alpha beta gamma",
    }));
    const index = KeywordIndex.build(entries);
    expect(index.search("alpha", 5).every((hit) => hit.label % 2 === 1)).toBe(true);
    const even = index.search("alpha", 5, (label) => label % 2 === 0);
    expect(even.map((hit) => hit.label)).toEqual([0, 2, 4, 6, 8]);
    expect(index.search("alpha", 100, (label) => label < 3).map((hit) => hit.label)).toEqual([1, 0, 2]);
  });

  it("gives identical results after toBuffer / fromBuffer, also from an unaligned buffer", () => {
    const index = KeywordIndex.build(corpus, { k1: 1.6, b: 0.9 });
    const restored = KeywordIndex.fromBuffer(index.toBuffer());
    const bytes = index.toBuffer();
    const unaligned = Buffer.alloc(bytes.length + 1).subarray(1);
    bytes.copy(unaligned);
    for (const query of ["cat", "dogs and birds", "mat sat", "fly cat south", "nothing"]) {
      expect(restored.search(query, 10)).toEqual(index.search(query, 10));
      expect(KeywordIndex.fromBuffer(unaligned).search(query, 10)).toEqual(index.search(query, 10));
    }
    expect(restored.size).toBe(4);
  });

  it("handles an empty index and rejects a foreign file", () => {
    const empty = KeywordIndex.fromBuffer(KeywordIndex.build([]).toBuffer());
    expect(empty.search("cat", 3)).toEqual([]);
    expect(() => KeywordIndex.fromBuffer(Buffer.from("not an index at all, just some bytes"))).toThrow(
      DocentError,
    );
  });

  it("matches identifiers both whole and by their parts", () => {
    const index = KeywordIndex.build([
      { label: 0, text: "Set max_tokens to limit the reply" },
      { label: 1, text: "The maximum number of tokens per minute" },
    ]);
    expect(index.search("max_tokens", 2).map((hit) => hit.label)).toEqual([0, 1]);
  });
});
