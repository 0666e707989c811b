import { readdir, readFile, rm, stat, symlink, truncate } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BuiltIndex,
  buildIndex,
  copyIndex,
  currentFolder,
  expectCleanExit,
  makeFifo,
  overwrite,
  searchWithTimeout,
} from "../helpers/damaged-index.js";
import { runDocent } from "../helpers/run-docent.js";
import { writeFiles } from "../helpers/temp-folder.js";

/**
 * The attack run's damaged index files, through the real CLI in a child process (a crash is a signal, a hang is
 * killed after a minute): docent either answers exactly as the undamaged index does, from the generation kept
 * before the damaged one, with a warning naming what is damaged, or (with nothing else to serve) stops with that
 * sentence. Never a crash, a hang or a stack trace.
 */
let twoGenerations: Awaited<ReturnType<typeof buildIndex>>;
let oneGeneration: Awaited<ReturnType<typeof buildIndex>>;
let expected = "";

afterAll(async () => {
  await Promise.all([twoGenerations?.remove(), oneGeneration?.remove()]);
});

beforeAll(async () => {
  [twoGenerations, oneGeneration] = await Promise.all([buildIndex(2), buildIndex(1)]);
  const baseline = await searchWithTimeout(twoGenerations.env);
  expect(baseline.code, baseline.stderr).toBe(0);
  expected = baseline.stdout;
}, 180_000);

/** Damages a copy of the index with two generations, then searches it. */
async function searchDamaged(damage: (generation: string, index: BuiltIndex) => Promise<void>) {
  const index = await copyIndex(twoGenerations);
  await damage(await currentFolder(index.indexDir), index);
  const run = await searchWithTimeout(index.env);
  expectCleanExit(run);
  return run;
}

function expectPreviousGenerationAnswers(run: Awaited<ReturnType<typeof searchDamaged>>, damaged: RegExp) {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toBe(expected);
  const warning = run.stderr.split("\n").find((line) => line.startsWith("docent: warning:")) ?? "";
  expect(warning, run.stderr).toMatch(damaged);
  expect(warning).toMatch(
    /Run `(?:npx docent|node \S+docent\.js|docent) ingest` to rebuild the index\. Until then, answers come from the generation gen-/,
  );
}

describe("a damaged current generation, with the one before it kept", { timeout: 300_000 }, () => {
  it("vectors.hnsw with a flipped header (the entry point): answers from the one before, no SIGSEGV", async () => {
    const run = await searchDamaged((folder) =>
      overwrite(path.join(folder, "vectors.hnsw"), 52, Buffer.from([0xff, 0xff, 0xff, 0x7f])),
    );
    expectPreviousGenerationAnswers(run, /vectors\.hnsw is damaged \(its header has an entry point outside/);
  });

  it("keywords.bin zeroed after its first 64 bytes: answers, instead of probing its term table for ever", async () => {
    const run = await searchDamaged(async (folder) => {
      const file = path.join(folder, "keywords.bin");
      const { size } = await stat(file);
      await overwrite(file, 64, Buffer.alloc(size - 64));
    });
    expectPreviousGenerationAnswers(run, /keywords\.bin is damaged \(/);
  });

  it("keywords.bin with a posting start changed: refused before any search runs through it", async () => {
    const run = await searchDamaged(async (folder) => {
      const file = path.join(folder, "keywords.bin");
      const bytes = await readFile(file);
      // The postings' start table is the sixth array; its second entry ends the first term's postings.
      const lengths = Array.from({ length: 8 }, (_, index) => bytes.readUInt32LE(32 + index * 4));
      const sizes = [8, 4, 1, 4, 4, 4, 4, 2];
      let offset = 72;
      for (let index = 0; index < 5; index++) {
        offset = Math.ceil(offset / 8) * 8 + (lengths[index] as number) * (sizes[index] as number);
      }
      offset = Math.ceil(offset / 8) * 8;
      await overwrite(file, offset + 4, Buffer.from([0x00, 0x00, 0x00, 0x40]));
    });
    expectPreviousGenerationAnswers(run, /keywords\.bin is damaged \(/);
  });

  it("a FIFO or /dev/zero in place of chunks.bin, manifest.json or CURRENT: answers instead of waiting for ever", async () => {
    const fifoChunks = await searchDamaged(async (folder) => {
      await rm(path.join(folder, "chunks.bin"));
      makeFifo(path.join(folder, "chunks.bin"));
    });
    expectPreviousGenerationAnswers(
      fifoChunks,
      /chunks\.bin is damaged \(it is a FIFO \(named pipe\), not a file/,
    );
    const zeroChunks = await searchDamaged(async (folder) => {
      await rm(path.join(folder, "chunks.bin"));
      await symlink("/dev/zero", path.join(folder, "chunks.bin"));
    });
    expectPreviousGenerationAnswers(zeroChunks, /chunks\.bin is damaged \(it is a device, not a file/);
    const fifoManifest = await searchDamaged(async (folder) => {
      await rm(path.join(folder, "manifest.json"));
      makeFifo(path.join(folder, "manifest.json"));
    });
    expectPreviousGenerationAnswers(fifoManifest, /manifest\.json is damaged \(it is a FIFO/);
    const fifoPointer = await searchDamaged(async (_folder, index) => {
      await rm(path.join(index.indexDir, "CURRENT"));
      makeFifo(path.join(index.indexDir, "CURRENT"));
    });
    expectPreviousGenerationAnswers(fifoPointer, /CURRENT is damaged \(it is a FIFO/);
  });

  it('a manifest edited to "dimensions": 3: refused on open, not answered with "Something went wrong"', async () => {
    const run = await searchDamaged(async (folder) => {
      const file = path.join(folder, "manifest.json");
      const text = await readFile(file, "utf8");
      await writeFiles(folder, { "manifest.json": text.replace(/"dimensions": \d+/, '"dimensions": 3') });
    });
    expectPreviousGenerationAnswers(run, /manifest\.json is damaged \(checksum mismatch\)/);
  });
});

describe("a damaged index with nothing else to serve", { timeout: 120_000 }, () => {
  it("stops with the sentence naming the damaged file and the fix, exit 1, no crash", async () => {
    const index = await copyIndex(oneGeneration);
    const folder = await currentFolder(index.indexDir);
    await overwrite(path.join(folder, "vectors.hnsw"), 52, Buffer.from([0xff, 0xff, 0xff, 0x7f]));
    const run = await searchWithTimeout(index.env);
    expectCleanExit(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^docent: The vector index .*vectors\.hnsw is damaged \(.*\)\. Run `(?:npx docent|node \S+docent\.js|docent) ingest` to rebuild the index\.$/m,
    );
  });
});

describe("docent ingest over a damaged generation", { timeout: 180_000 }, () => {
  it("rebuilds it from the documents (also when a document changed: no crash loading the graph), exit 2", async () => {
    const index = await copyIndex(twoGenerations);
    const folder = await currentFolder(index.indexDir);
    await overwrite(path.join(folder, "vectors.hnsw"), 52, Buffer.from([0xff, 0xff, 0xff, 0x7f]));
    await writeFiles(index.docsDir, { "public/canteen.md": "# Canteen\n\nThe canteen opens at noon.\n" });
    const ingest = await runDocent(["ingest"], { env: index.env });
    expect(ingest.signal, ingest.stderr).toBeNull();
    expect(ingest.code, ingest.stderr).toBe(2);
    expect(ingest.stdout).toMatch(/5 added, 0 updated, 0 removed, 0 unchanged/);
    expect(ingest.stdout).toContain(
      `Repaired: The index generation ${path.basename(folder)} was damaged; this run rebuilt the index from the documents.`,
    );
    expect(ingest.stdout).toMatch(/ {2}damaged: The vector index .*vectors\.hnsw is damaged/);
    const after = await searchWithTimeout(index.env);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toBe("");
    const again = await runDocent(["ingest", "--json"], { env: index.env });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, unchanged: 5 });
    // The generation kept for rollback is the sound one before the damaged one, which is gone.
    const generations = await readdir(path.join(index.indexDir, "generations"));
    expect(generations).not.toContain(path.basename(folder));
    const rollback = await runDocent(["rollback"], { env: index.env });
    expect(rollback.code, rollback.stderr).toBe(0);
    const rolledBack = await searchWithTimeout(index.env);
    expect(rolledBack.stdout).toBe(expected);
    expect(rolledBack.stderr).toBe("");
  });

  it("rebuilds only the keyword index when only it is damaged: nothing is embedded again", async () => {
    const index = await copyIndex(twoGenerations);
    const folder = await currentFolder(index.indexDir);
    await truncate(path.join(folder, "keywords.bin"), 100);
    const ingest = await runDocent(["ingest", "--json"], { env: index.env });
    expect(ingest.code, ingest.stderr).toBe(2);
    const summary = JSON.parse(ingest.stdout);
    expect(summary).toMatchObject({
      added: 0,
      unchanged: 4,
      repaired: { generation: path.basename(folder), rebuilt: "keywords" },
    });
    expect(summary.repaired.problems[0]).toMatch(
      /keywords\.bin is damaged \(it holds 100 bytes; \d+ were written\)/,
    );
    const after = await searchWithTimeout(index.env);
    expect(after.stdout).toBe(expected);
    expect(after.stderr).toBe("");
  });

  it("rebuilds from the documents when CURRENT is damaged, keeping a generation to roll back to", async () => {
    const index = await copyIndex(twoGenerations);
    await writeFiles(index.indexDir, { CURRENT: "garbage\n" });
    const ingest = await runDocent(["ingest", "--json"], { env: index.env });
    expect(ingest.code, ingest.stderr).toBe(2);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ added: 4, repaired: { generation: null } });
    const rollback = await runDocent(["rollback"], { env: index.env });
    expect(rollback.code, rollback.stderr).toBe(0);
  });
});
