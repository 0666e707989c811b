import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startGraphBuilderThread } from "../../src/index-store/graph-builder-thread.js";
import { VectorIndex } from "../../src/retrieval/vector-index.js";
import { makeTempFolder } from "../helpers/temp-folder.js";

function vectors(count: number, dimensions: number): number[][] {
  let seed = 11;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  return Array.from({ length: count }, () => Array.from({ length: dimensions }, random));
}

describe("the graph builder thread", () => {
  it("writes the same graph, byte for byte, as inserting the same vectors in order on the main thread", async () => {
    const data = vectors(1500, 24);
    const folder = await makeTempFolder();
    const thread = startGraphBuilderThread(24, 1024);
    for (let start = 0; start < data.length; start += 64) thread.add(data.slice(start, start + 64));
    thread.fitCapacity(data.length);
    await thread.save(path.join(folder, "thread.hnsw"));
    await thread.close();

    const main = VectorIndex.create(24, 1024);
    for (const [label, vector] of data.entries()) main.add(label, vector);
    main.fitCapacity(data.length);
    await main.save(path.join(folder, "main.hnsw"));

    const written = await readFile(path.join(folder, "thread.hnsw"));
    expect(written.length).toBeGreaterThan(data.length * 24 * 4);
    expect(written.equals(await readFile(path.join(folder, "main.hnsw")))).toBe(true);
    const loaded = await VectorIndex.load(path.join(folder, "thread.hnsw"), 24);
    expect(loaded.search(data[700] as number[], 1)[0]?.label).toBe(700);
  });

  it("refuses a vector of another length before it reaches the thread", async () => {
    const folder = await makeTempFolder();
    const thread = startGraphBuilderThread(8, 16);
    expect(() => thread.add([[1, 2, 3]])).toThrow(/3 dimensions; this index has 8/);
    const data = vectors(4, 8);
    thread.add(data);
    thread.fitCapacity(4);
    await thread.save(path.join(folder, "vectors.hnsw"));
    await thread.close();
    const loaded = await VectorIndex.load(path.join(folder, "vectors.hnsw"), 8);
    expect(
      loaded
        .search(data[2] as number[], 4)
        .map((hit) => hit.label)
        .sort(),
    ).toEqual([0, 1, 2, 3]);
  });
});
