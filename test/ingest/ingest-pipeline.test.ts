import { readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isDocentError } from "../../src/errors.js";
import { openCurrentFileGeneration } from "../../src/index-store/files/load-file-generation.js";
import { CountingEmbedder } from "../helpers/counting-embedder.js";
import { ingestFolder, searchLoaded } from "../helpers/ingest-fixture.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { tinyHandbook } from "../helpers/tiny-handbook.js";

async function setUp() {
  const root = await makeTempFolder();
  const docsDir = path.join(root, "docs");
  const indexDir = path.join(root, "index");
  await writeFiles(docsDir, tinyHandbook);
  return { docsDir, indexDir };
}

describe("ingest pipeline", () => {
  it("indexes every document with its scope and finds it through hybrid search", async () => {
    const { docsDir, indexDir } = await setUp();
    const embedder = new CountingEmbedder();
    const summary = await ingestFolder(docsDir, indexDir, embedder);
    expect(summary).toMatchObject({
      added: 4,
      updated: 0,
      removed: 0,
      unchanged: 0,
      failed: [],
      documents: 4,
    });
    expect(summary.chunks).toBe(embedder.embeddedTexts);

    const index = await openCurrentFileGeneration(indexDir, embedder.id);
    expect(index.manifest.scopes).toEqual({ public: 2, hr: 2, engineering: 1 });
    const hits = await searchLoaded(index, embedder, "how many weeks of parental leave", { k: 3 });
    expect(hits[0]?.chunk).toMatchObject({
      source: "hr/leave.md",
      scope: "hr",
      headingPath: ["Leave", "Parental leave"],
    });
    expect(hits[0]?.score).toBeGreaterThan(0);
  });

  it("keeps a scoped search inside its scopes and still returns as many results as the scopes hold", async () => {
    const { docsDir, indexDir } = await setUp();
    const embedder = new CountingEmbedder();
    await ingestFolder(docsDir, indexDir, embedder);
    const index = await openCurrentFileGeneration(indexDir, embedder.id);
    const hits = await searchLoaded(index, embedder, "parental leave weeks", { k: 10, scopes: ["public"] });
    expect(hits.map((hit) => hit.chunk.scope)).toEqual(["public", "public"]);
    const none = await searchLoaded(index, embedder, "parental leave", { k: 5, scopes: ["finance"] });
    expect(none).toEqual([]);
  });

  it("re-uses unchanged files, re-embeds changed ones and drops deleted ones", async () => {
    const { docsDir, indexDir } = await setUp();
    const first = new CountingEmbedder();
    const initial = await ingestFolder(docsDir, indexDir, first);

    const unchangedRun = new CountingEmbedder();
    const again = await ingestFolder(docsDir, indexDir, unchangedRun);
    expect(again).toMatchObject({
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 4,
      generation: initial.generation,
    });
    expect(unchangedRun.embeddedTexts).toBe(0);

    await writeFile(
      path.join(docsDir, "public/holidays.md"),
      "# Holidays\n\nThe office closes on the first of May.\n",
    );
    await rm(path.join(docsDir, "engineering/on-call.txt"));
    await writeFiles(docsDir, { "public/parking.md": "# Parking\n\nBicycle parking is in the basement.\n" });
    const changes = new CountingEmbedder();
    const summary = await ingestFolder(docsDir, indexDir, changes);
    expect(summary).toMatchObject({ added: 1, updated: 1, removed: 1, unchanged: 2, documents: 4 });
    expect(changes.embeddedTexts).toBe(2);

    const index = await openCurrentFileGeneration(indexDir, changes.id);
    expect(Object.keys(index.manifest.files)).toEqual([
      "hr/leave.md",
      "public/holidays.md",
      "public/parking.md",
      "welcome.md",
    ]);
    const sources = index.chunks.readAll().map((chunk) => chunk.source);
    expect(sources).not.toContain("engineering/on-call.txt");
    const hits = await searchLoaded(index, changes, "when does the office close", { k: 1 });
    expect(hits[0]?.chunk.text).toContain("first of May");
    const old = await searchLoaded(index, changes, "Christmas New Year", { k: 10 });
    expect(old.some((hit) => hit.chunk.text.includes("Christmas"))).toBe(false);
  });

  it("keeps the current and the previous generation and removes older ones", async () => {
    const { docsDir, indexDir } = await setUp();
    const embedder = new CountingEmbedder();
    const names: string[] = [];
    for (const version of [1, 2, 3]) {
      await writeFiles(docsDir, { "public/version.md": `# Version\n\nThis is version ${version}.\n` });
      names.push(path.basename((await ingestFolder(docsDir, indexDir, embedder)).generation ?? ""));
    }
    const folders = (await readdir(path.join(indexDir, "generations"))).sort();
    expect(folders).toEqual(names.slice(1).sort());
  });

  it("re-embeds everything with rebuild", async () => {
    const { docsDir, indexDir } = await setUp();
    const embedder = new CountingEmbedder();
    const first = await ingestFolder(docsDir, indexDir, embedder);
    const rebuild = new CountingEmbedder();
    const summary = await ingestFolder(docsDir, indexDir, rebuild, { rebuild: true });
    expect(summary.added).toBe(4);
    expect(rebuild.embeddedTexts).toBe(first.chunks);
    expect(summary.generation).not.toBe(first.generation);
  });

  it("refuses to open an index built by another embedder, saying to re-ingest", async () => {
    const { docsDir, indexDir } = await setUp();
    await ingestFolder(docsDir, indexDir, new CountingEmbedder(64));
    const error = await openCurrentFileGeneration(indexDir, "ollama:nomic-embed-text").catch(
      (caught: unknown) => caught,
    );
    expect(isDocentError(error, "INDEX_INCOMPATIBLE")).toBe(true);
    expect((error as Error).message).toMatch(/docent ingest --rebuild/);
  });

  it("rebuilds from scratch when the embedder changes", async () => {
    const { docsDir, indexDir } = await setUp();
    await ingestFolder(docsDir, indexDir, new CountingEmbedder(64));
    const other = new CountingEmbedder(32, "local:test-other:32");
    const summary = await ingestFolder(docsDir, indexDir, other);
    expect(summary.added).toBe(4);
    const index = await openCurrentFileGeneration(indexDir, other.id);
    expect(index.manifest.embedder).toEqual({ id: "local:test-other:32", dimensions: 32 });
  });

  it("keeps the previous version of a file that changed into something unreadable", async () => {
    const { docsDir, indexDir } = await setUp();
    const embedder = new CountingEmbedder();
    await ingestFolder(docsDir, indexDir, embedder);
    await writeFile(path.join(docsDir, "hr/leave.md"), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02, 0xff]));
    const summary = await ingestFolder(docsDir, indexDir, embedder);
    expect(summary.failed.map((problem) => problem.source)).toEqual(["hr/leave.md"]);
    const index = await openCurrentFileGeneration(indexDir, embedder.id);
    const hits = await searchLoaded(index, embedder, "parental leave", { k: 1 });
    expect(hits[0]?.chunk.text).toContain("sixteen weeks");
  });

  it("writes no new generation when the only news is a file that still cannot be read", async () => {
    const { docsDir, indexDir } = await setUp();
    await writeFiles(docsDir, { "public/empty.md": "" });
    const embedder = new CountingEmbedder();
    const first = await ingestFolder(docsDir, indexDir, embedder);
    expect(first.failed.map((problem) => problem.source)).toEqual(["public/empty.md"]);
    const again = await ingestFolder(docsDir, indexDir, embedder);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 4, generation: first.generation });
    expect(again.failed.map((problem) => problem.source)).toEqual(["public/empty.md"]);
  });

  it("re-uses the slots of deleted chunks instead of growing the vector index", async () => {
    const { docsDir, indexDir } = await setUp();
    const embedder = new CountingEmbedder();
    const first = await ingestFolder(docsDir, indexDir, embedder);
    for (const version of [1, 2, 3, 4]) {
      await writeFiles(docsDir, { "hr/leave.md": `# Leave\n\nVersion ${version} of the leave policy.\n` });
      await ingestFolder(docsDir, indexDir, embedder);
    }
    const index = await openCurrentFileGeneration(indexDir, embedder.id);
    expect(index.manifest.counts.labels).toBe(first.chunks);
    const labels = index.chunks
      .readAll()
      .map((chunk) => chunk.label)
      .sort((a, b) => a - b);
    expect(new Set(labels).size).toBe(labels.length);
  });
});
