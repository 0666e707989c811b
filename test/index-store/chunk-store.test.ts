import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DocentError } from "../../src/errors.js";
import { readChunkStore } from "../../src/index-store/chunk-store.js";
import type { IndexedChunk } from "../../src/index-store/chunk-store-data.js";
import { buildChunkStoreData, encodeChunkStore } from "../../src/index-store/chunk-store-format.js";
import { generationFiles } from "../../src/index-store/index-paths.js";
import { makeTempFolder } from "../helpers/temp-folder.js";

function chunk(
  source: string,
  position: number,
  label: number,
  extra: Partial<IndexedChunk> = {},
): IndexedChunk {
  return {
    id: `${source}#${position}`,
    source,
    scope: source.includes("/") ? (source.split("/")[0] as string) : "public",
    title: `Title of ${source}`,
    headingPath: ["Handbook", `Section ${position}`],
    page: null,
    position,
    text: `Text ${position} of ${source}.`,
    contentHash: `${label}`.padStart(32, "0"),
    label,
    ...extra,
  };
}

/** Labels 0..7 with 2 and 5 free (deleted slots), unicode, pages, an empty heading path, an empty text. */
const chunks: IndexedChunk[] = [
  chunk("hr/leave.md", 0, 3, { headingPath: ["Leave", "Congé parental — 16 semaines 👶"] }),
  chunk("hr/leave.md", 1, 0, { headingPath: ["Leave", "Congé parental — 16 semaines 👶"], text: "" }),
  chunk("policies/travel.pdf", 0, 6, { page: 1, headingPath: [], title: "旅行ポリシー" }),
  chunk("policies/travel.pdf", 1, 1, { page: 12, headingPath: [] }),
  chunk("welcome.md", 0, 4, { text: 'Line one\nline "two"\t\u0000 end' }),
  chunk("café/menu.md", 3, 7, { text: "Crème brûlée" }),
];
const labelCount = 8;

async function generationFolder(files: Record<string, Buffer | string>) {
  const folder = path.join(await makeTempFolder(), "gen-test");
  await mkdir(folder, { recursive: true });
  for (const [name, data] of Object.entries(files)) await writeFile(path.join(folder, name), data);
  return generationFiles(folder);
}

const encoded = () => encodeChunkStore(buildChunkStoreData(chunks, labelCount));

async function readError(files: Record<string, Buffer | string>, labels = labelCount): Promise<DocentError> {
  const error = await readChunkStore(await generationFolder(files), labels).catch(
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DocentError);
  return error as DocentError;
}

describe("chunk store (chunks.bin)", () => {
  it("gives back every field of every chunk, by label and all in write order", async () => {
    const store = await readChunkStore(await generationFolder({ "chunks.bin": encoded() }), labelCount);
    expect(store.format).toBe("chunks.bin");
    expect(store.count).toBe(chunks.length);
    expect(store.labelCount).toBe(labelCount);
    expect(store.readAll()).toEqual(chunks);
    for (const expected of chunks) expect(store.chunkAt(expected.label)).toEqual(expected);
    expect(store.chunkAt(2)).toBeUndefined();
    expect(store.chunkAt(5)).toBeUndefined();
    expect(store.chunkAt(labelCount)).toBeUndefined();
    expect(store.labelsInScopes(new Set(["hr", "public"]))).toEqual([3, 0, 4]);
    expect(store.labelsInScopes(new Set(["finance"]))).toEqual([]);
  });

  it("decodes chunks as separate objects, so a caller changing one does not change the store", async () => {
    const store = await readChunkStore(await generationFolder({ "chunks.bin": encoded() }), labelCount);
    store.chunkAt(3)?.headingPath.push("changed");
    expect(store.chunkAt(3)?.headingPath).toEqual(chunks[0]?.headingPath);
  });

  it("stores an empty generation", async () => {
    const empty = encodeChunkStore(buildChunkStoreData([], 0));
    const store = await readChunkStore(await generationFolder({ "chunks.bin": empty }), 0);
    expect(store.readAll()).toEqual([]);
  });

  it("refuses to write a chunk whose label is outside the index or repeated", () => {
    expect(() => buildChunkStoreData(chunks, 5)).toThrow(/label 6/);
    expect(() => buildChunkStoreData([chunks[0] as IndexedChunk, chunks[0] as IndexedChunk], 8)).toThrow(
      /label 3/,
    );
  });
});

describe("chunk store corruption", () => {
  it("detects a truncated file", async () => {
    const whole = encoded();
    for (const length of [0, 10, 70, whole.length - 8, whole.length - 1]) {
      const error = await readError({ "chunks.bin": whole.subarray(0, length) });
      expect(error.code).toBe("INDEX_CORRUPT");
      expect(error.message).toMatch(/chunks\.bin is damaged .*Run `docent ingest` to rebuild the index/);
    }
  });

  it("detects a file that is not a chunk store", async () => {
    const wrong = encoded();
    wrong.write("NOT-A-STORE", 0, "latin1");
    const error = await readError({ "chunks.bin": wrong });
    expect(error.code).toBe("INDEX_CORRUPT");
    expect(error.message).toMatch(/bad magic/);
  });

  it("names a format version it does not read and how to fix it", async () => {
    const newer = encoded();
    newer.writeUInt32LE(99, 16);
    const error = await readError({ "chunks.bin": newer });
    expect(error.code).toBe("INDEX_INCOMPATIBLE");
    expect(error.message).toMatch(/format 99; this docent reads format 1.*docent ingest --rebuild/);
  });

  it("detects a changed byte anywhere after the header (checksum)", async () => {
    const whole = encoded();
    for (const at of [64, Math.floor(whole.length / 2), whole.length - 20]) {
      const flipped = Buffer.from(whole);
      flipped[at] = (flipped[at] as number) ^ 0x10;
      const error = await readError({ "chunks.bin": flipped });
      expect(error.message).toMatch(/checksum mismatch/);
    }
  });

  it("detects references out of bounds even when the checksum matches", async () => {
    const cases: Array<[string, (data: ReturnType<typeof buildChunkStoreData>) => void]> = [
      ["string", (data) => data.records.set([999], 1)],
      ["heading path", (data) => data.records.set([999], 4)],
      ["text offsets", (data) => data.pieceOffsets.set([1_000_000], 2)],
      ["label", (data) => data.labelRecords.set([-1], 3)],
      ["heading string", (data) => data.pathStrings.set([999], 0)],
    ];
    for (const [what, damage] of cases) {
      const data = buildChunkStoreData(chunks, labelCount);
      damage(data);
      const error = await readError({ "chunks.bin": encodeChunkStore(data) });
      expect(error.code, what).toBe("INDEX_CORRUPT");
      expect(error.message, what).toMatch(/is damaged \((record|text|heading|label|string)/);
    }
  });

  it("detects a store that does not match the manifest's label count", async () => {
    const error = await readError({ "chunks.bin": encoded() }, labelCount + 1);
    expect(error.code).toBe("INDEX_CORRUPT");
    expect(error.message).toMatch(/has 8 slots but the manifest says 9/);
  });
});

describe("generations written before chunks.bin (chunks.json)", () => {
  it("reads chunks.json into the same store", async () => {
    const store = await readChunkStore(
      await generationFolder({ "chunks.json": JSON.stringify(chunks) }),
      labelCount,
    );
    expect(store.format).toBe("chunks.json");
    expect(store.readAll()).toEqual(chunks);
    expect(store.chunkAt(6)).toEqual(chunks[2]);
  });

  it("prefers chunks.bin when both are present", async () => {
    const files = await generationFolder({ "chunks.bin": encoded(), "chunks.json": "[]" });
    expect((await readChunkStore(files, labelCount)).format).toBe("chunks.bin");
  });

  it("says how to fix a damaged chunks.json or a generation with no chunk store", async () => {
    const damaged = await readError({ "chunks.json": JSON.stringify(chunks).slice(0, 100) });
    expect(damaged.message).toMatch(/chunks\.json cannot be read\. Run `docent ingest` to rebuild the index/);
    const missing = await readError({ "manifest.json": "{}" });
    expect(missing.code).toBe("INDEX_CORRUPT");
    expect(missing.message).toMatch(/has no chunk store .*Run `docent ingest` to rebuild the index/);
  });
});
