import path from "node:path";
import { describe, expect, it } from "vitest";
import { VectorIndex } from "../../src/retrieval/vector-index.js";
import { makeTempFolder } from "../helpers/temp-folder.js";

/** Deterministic pseudo-random unit-ish vectors in a few clusters. */
function vectors(count: number, dimensions: number): number[][] {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const centres = Array.from({ length: 8 }, () => Array.from({ length: dimensions }, () => random() - 0.5));
  return Array.from({ length: count }, (_, index) =>
    (centres[index % 8] as number[]).map((value) => value + (random() - 0.5) * 0.3),
  );
}

describe("vector index", () => {
  it("finds a stored vector as its own nearest neighbour, before and after a save and load", async () => {
    const data = vectors(500, 16);
    const index = VectorIndex.create(16, 10);
    for (const [label, vector] of data.entries()) index.add(label, vector);
    expect(index.search(data[123] as number[], 1)[0]).toMatchObject({ label: 123 });
    const file = path.join(await makeTempFolder(), "vectors.hnsw");
    await index.save(file);
    const loaded = await VectorIndex.load(file, { dimensions: 16, count: 500 });
    const hit = loaded.search(data[321] as number[], 1)[0];
    expect(hit?.label).toBe(321);
    expect(hit?.similarity).toBeCloseTo(1, 5);
  });

  it("returns only allowed labels, and as many as the filter allows, for small and large scopes", () => {
    const data = vectors(3000, 16);
    const index = VectorIndex.create(16, 3000);
    for (const [label, vector] of data.entries()) index.add(label, vector);
    // 6 labels: exact search; 273 (9%): filtered graph search; 429 (14%): unfiltered, deeper, then filtered.
    for (const modulus of [500, 11, 7]) {
      const allowedLabels = data.map((_, label) => label).filter((label) => label % modulus === 0);
      const filter = { allows: (label: number) => label % modulus === 0, labels: () => allowedLabels };
      const hits = index.search(data[1] as number[], 10, filter);
      expect(hits).toHaveLength(Math.min(10, allowedLabels.length));
      expect(hits.every((hit) => hit.label % modulus === 0)).toBe(true);
    }
  });

  it("searches small scopes exactly, question after question and scope after scope (each scope's vectors kept)", () => {
    const data = vectors(400, 16);
    const index = VectorIndex.create(16, 400);
    for (const [label, vector] of data.entries()) index.add(label, vector);
    const scopes = [3, 5].map((modulus) => {
      const labels = data.map((_, label) => label).filter((label) => label % modulus === 0);
      return { allows: (label: number) => label % modulus === 0, labels: () => labels };
    });
    for (const question of [data[9], data[10], data[33]] as number[][]) {
      for (const scope of scopes) {
        const expected = scope
          .labels()
          .map((label) => ({ label, similarity: cosine(question, data[label] as number[]) }))
          .sort((a, b) => b.similarity - a.similarity)
          .slice(0, 5);
        const hits = index.search(question, 5, scope);
        expect(hits.map((hit) => hit.label)).toEqual(expected.map((hit) => hit.label));
        hits.forEach((hit, rank) => {
          expect(hit.similarity).toBeCloseTo(expected[rank]?.similarity as number, 5);
        });
      }
    }
  });

  it("forgets removed labels and re-uses them for new vectors", () => {
    const data = vectors(50, 8);
    const index = VectorIndex.create(8, 50);
    for (const [label, vector] of data.entries()) index.add(label, vector);
    index.remove(10);
    expect(index.search(data[10] as number[], 50).map((hit) => hit.label)).not.toContain(10);
    const replacement = data[40] as number[];
    index.add(10, replacement);
    expect(
      index
        .search(replacement, 2)
        .map((hit) => hit.label)
        .sort((a, b) => a - b),
    ).toEqual([10, 40]);
  });

  it("grows past its initial capacity and rejects vectors of the wrong dimension", () => {
    const index = VectorIndex.create(4, 2);
    for (let label = 0; label < 40; label++) index.add(label, [label, 1, 0, 1]);
    expect(index.search([39, 1, 0, 1], 1)[0]?.label).toBe(39);
    expect(() => index.add(40, [1, 2, 3])).toThrow(/3 dimensions; this index has 4/);
  });
});

function cosine(a: readonly number[], b: readonly number[]): number {
  const dot = (x: readonly number[], y: readonly number[]) =>
    x.reduce((sum, value, i) => sum + value * (y[i] ?? 0), 0);
  return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
}
