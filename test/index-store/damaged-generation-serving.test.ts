import { readFile, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isDocentError } from "../../src/errors.js";
import { createFileIndexStore } from "../../src/index-store/file-index-store.js";
import type { IndexStore } from "../../src/index-store/index-store.js";
import { KnowledgeBase } from "../../src/index-store/knowledge-base.js";
import { loadFileGeneration } from "../../src/index-store/load-file-generation.js";
import { readManifest } from "../../src/index-store/manifest.js";
import { silentLogger } from "../../src/logging/logger.js";
import { indexLoaded } from "../../src/operations/readiness-checks.js";
import { CountingEmbedder } from "../helpers/counting-embedder.js";
import { overwrite, smallDocuments } from "../helpers/damaged-index.js";
import { ingestFolder } from "../helpers/ingest-fixture.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

/** An index of smallDocuments with two generations (the second adds a file), through the real pipeline. */
async function twoGenerations() {
  const root = await makeTempFolder();
  const docsDir = path.join(root, "docs");
  const indexDir = path.join(root, "index");
  await writeFiles(docsDir, smallDocuments);
  const embedder = new CountingEmbedder();
  const store = createFileIndexStore(indexDir);
  const first = await ingestFolder(docsDir, "", embedder, { store });
  await writeFiles(docsDir, { "public/canteen.md": "# Canteen\n\nThe canteen opens at noon.\n" });
  const second = await ingestFolder(docsDir, "", embedder, { store });
  const folderOf = (generation: string | null) => path.join(indexDir, "generations", generation as string);
  return {
    indexDir,
    embedder,
    store,
    first: first.generation as string,
    second: second.generation as string,
    folderOf,
  };
}

/** The store, counting how often each generation's manifest is read (each open starts with it). */
function countingReads(store: IndexStore) {
  const reads = new Map<string, number>();
  const counted: IndexStore = {
    ...store,
    readManifest: (generation) => {
      reads.set(generation, (reads.get(generation) ?? 0) + 1);
      return store.readManifest(generation);
    },
  };
  return { counted, reads };
}

describe("a bot serving an index whose published generation is damaged", () => {
  it("at start, serves the generation kept before it and says why, on /readyz too", async () => {
    const index = await twoGenerations();
    await overwrite(
      path.join(index.folderOf(index.second), "vectors.hnsw"),
      52,
      Buffer.from([0xff, 0xff, 0xff, 0x7f]),
    );
    const knowledge = new KnowledgeBase(index.store, index.embedder, silentLogger);
    const serving = await knowledge.current();
    expect(serving.manifest.generation).toBe(index.first);
    const hits = await knowledge.search("how many weeks of parental leave", { k: 1 });
    expect(hits[0]?.chunk.source).toBe("public/leave.md");
    expect(knowledge.lastLoadFailure()).toMatchObject({ generation: index.second, code: "INDEX_CORRUPT" });
    expect(knowledge.fallbackNotice()).toMatch(
      new RegExp(
        `^The index generation ${index.second}: The vector index .*vectors\\.hnsw is damaged \\(.*\\)\\. Run \`(?:npx docent|node \\S+docent\\.js|docent) ingest\` to rebuild the index\\. Until then, answers come from the generation ${index.first}\\.$`,
      ),
    );
    expect(await indexLoaded(knowledge)()).toMatchObject({
      ok: true,
      generation: index.first,
      newerGenerationFailed: { generation: index.second, code: "INDEX_CORRUPT" },
    });
  });

  it("does not read a damaged generation again until its files change", async () => {
    const index = await twoGenerations();
    const { counted, reads } = countingReads(index.store);
    // The bot serves the first generation; the second is published damaged (its chunk store cut short).
    await writeFile(path.join(index.indexDir, "CURRENT"), `${index.first}\n`);
    const knowledge = new KnowledgeBase(counted, index.embedder, silentLogger);
    await knowledge.current();
    const chunks = path.join(index.folderOf(index.second), "chunks.bin");
    const intact = await readFile(chunks);
    await truncate(chunks, 1000);
    await writeFile(path.join(index.indexDir, "CURRENT"), `${index.second}\n`);
    for (let check = 0; check < 5; check++) {
      expect((await knowledge.current()).manifest.generation).toBe(index.first);
    }
    expect(reads.get(index.second)).toBe(1);
    expect(knowledge.lastLoadFailure()).toMatchObject({ generation: index.second, code: "INDEX_CORRUPT" });

    // Repaired by hand (the same bytes back): its files changed, so it is tried again, and served.
    await writeFile(chunks, intact);
    expect((await knowledge.current()).manifest.generation).toBe(index.second);
    expect(reads.get(index.second)).toBe(2);
    expect(knowledge.lastLoadFailure()).toBeNull();
  });

  it("serves the newest generation that opens when CURRENT itself is damaged", async () => {
    const index = await twoGenerations();
    await writeFile(path.join(index.indexDir, "CURRENT"), "gen-\u0000\u0001\n");
    const knowledge = new KnowledgeBase(index.store, index.embedder, silentLogger);
    expect((await knowledge.current()).manifest.generation).toBe(index.second);
    expect(knowledge.fallbackNotice()).toMatch(
      /^The index pointer .*CURRENT is damaged \(it does not name a generation\)/,
    );
  });

  it("refuses a query vector of another length than the index holds, saying the embedder changed", async () => {
    const index = await twoGenerations();
    const sameName = new CountingEmbedder(32, index.embedder.id);
    const knowledge = new KnowledgeBase(index.store, sameName, silentLogger);
    const error = await knowledge.search("parking", { k: 3 }).catch((caught: unknown) => caught);
    expect(isDocentError(error, "INDEX_INCOMPATIBLE"), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/has 32 dimensions but the index holds 64/);
  });
});

describe("a generation whose files do not match their manifest", () => {
  it('refuses a manifest edited to "dimensions": 3, also one written before manifests had checksums', async () => {
    const index = await twoGenerations();
    const file = path.join(index.folderOf(index.second), "manifest.json");
    const written = JSON.parse(await readFile(file, "utf8"));
    const { contents: _contents, checksum: _checksum, ...legacy } = written;
    for (const manifest of [written, legacy]) {
      await writeFile(
        file,
        JSON.stringify({ ...manifest, embedder: { ...manifest.embedder, dimensions: 3 } }),
      );
      const error = await readManifest(file)
        .then((read) => loadFileGeneration(index.folderOf(index.second), read))
        .catch((caught: unknown) => caught);
      expect(isDocentError(error, "INDEX_CORRUPT"), String(error)).toBe(true);
      expect((error as Error).message).toMatch(
        manifest === written
          ? /manifest\.json is damaged \(checksum mismatch\)/
          : /vectors\.hnsw is damaged \(its header has element sizes that do not fit 3 dimensions\)/,
      );
    }
  });

  it("refuses a 1.9 GiB sparse chunks.bin from its size, without reading it", async () => {
    const index = await twoGenerations();
    const folder = index.folderOf(index.second);
    const manifest = await readManifest(path.join(folder, "manifest.json"));
    const { contents: _contents, checksum: _checksum, ...legacy } = manifest;
    const chunks = path.join(folder, "chunks.bin");
    const huge = 1.9 * 1024 ** 3;
    const peakBefore = process.resourceUsage().maxRSS;
    // With the size the manifest recorded, and (a generation written before it recorded sizes) with the size the
    // chunk store's own header declares: a valid header followed by 1.9 GiB of holes.
    for (const [read, problem] of [
      [manifest, /chunks\.bin is damaged \(it holds 2040109465 bytes; \d+ were written\)/],
      [legacy, /chunks\.bin is damaged \(its header says \d+ bytes; it holds 2040109465\)/],
    ] as const) {
      await truncate(chunks, Math.floor(huge));
      const error = await loadFileGeneration(folder, read).catch((caught: unknown) => caught);
      expect(isDocentError(error, "INDEX_CORRUPT"), String(error)).toBe(true);
      expect((error as Error).message).toMatch(problem);
    }
    const grownKib = process.resourceUsage().maxRSS - peakBefore;
    expect(grownKib, "the process's peak memory grew by the file's size: it was read").toBeLessThan(
      256 * 1024,
    );
  });
});
