import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isDocentError } from "../../src/errors.js";
import type { IndexStore } from "../../src/index-store/index-store.js";
import { KnowledgeBase } from "../../src/index-store/knowledge-base.js";
import { silentLogger } from "../../src/logging/logger.js";
import { correctWord } from "../../src/understanding/spelling/correct-spelling.js";
import { CountingEmbedder } from "../helpers/counting-embedder.js";
import { ingestFolder } from "../helpers/ingest-fixture.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { tinyHandbook } from "../helpers/tiny-handbook.js";
import { bm25Corpus, expectedBm25 } from "./bm25-corpus.js";

/**
 * The behaviour every index store keeps (the local files and PostgreSQL/pgvector): the same ingest, search,
 * scope, generation, rollback and lock guarantees. Each store's test file calls this with a factory that
 * returns a fresh, empty store.
 */

export function describeIndexStoreContract(
  name: string,
  makeStore: () => Promise<IndexStore>,
  skipReason?: string,
) {
  const opened: IndexStore[] = [];
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()?.close();
  });

  async function setUp() {
    const store = await makeStore();
    opened.push(store);
    const docsDir = path.join(await makeTempFolder(), "docs");
    await writeFiles(docsDir, tinyHandbook);
    const embedder = new CountingEmbedder();
    const ingest = (rebuild = false) => ingestFolder(docsDir, "", embedder, { store, rebuild });
    const knowledge = new KnowledgeBase(store, embedder, silentLogger);
    return { store, docsDir, embedder, ingest, knowledge };
  }

  describe.skipIf(skipReason !== undefined)(`index store contract: ${name}`, () => {
    it("ingests, then finds a passage by meaning and words, with its source, heading and scope", async () => {
      const { store, embedder, ingest, knowledge } = await setUp();
      expect(await store.currentGeneration()).toBeNull();
      const summary = await ingest();
      expect(summary).toMatchObject({ added: 4, documents: 4, failed: [] });
      expect(summary.chunks).toBe(embedder.embeddedTexts);
      expect(await store.currentGeneration()).toBe(summary.generation);
      const manifest = await store.readManifest(summary.generation as string);
      expect(manifest.scopes).toEqual({ public: 2, hr: 2, engineering: 1 });

      const hits = await knowledge.search("how many weeks of parental leave", { k: 3 });
      expect(hits[0]?.chunk).toMatchObject({
        source: "hr/leave.md",
        scope: "hr",
        headingPath: ["Leave", "Parental leave"],
        page: null,
      });
      expect(hits[0]?.score).toBeGreaterThan(0);
      expect(hits[0]?.score).toBeLessThanOrEqual(1);
      // keywordScore is the share of the question (weighted by rarity) the chunk holds: high here, low for
      // a question about something the documents never mention.
      expect(hits[0]?.keywordScore).toBeGreaterThan(0.5);
      const absent = await knowledge.search("nitrogen telescope budget", { k: 3 });
      expect(Math.max(0, ...absent.map((hit) => hit.keywordScore ?? 0))).toBeLessThan(0.5);
    });

    it("ranks words with the shared BM25 (retrieval/bm25.ts): the same keyword scores on every store", async () => {
      const store = await makeStore();
      opened.push(store);
      const docsDir = path.join(await makeTempFolder(), "docs");
      await writeFiles(docsDir, bm25Corpus);
      await ingestFolder(docsDir, "", new CountingEmbedder(), { store });
      const knowledge = new KnowledgeBase(store, new CountingEmbedder(), silentLogger);
      const hits = await knowledge.search("zebra quokka", { k: 20 });
      const scored = hits.filter((hit) => hit.keywordScore !== null);
      const expected = expectedBm25(["zebra", "quokka"], bm25Corpus);
      expect(scored.map((hit) => hit.chunk.source)).toEqual(expected.map((entry) => entry.source));
      for (const [index, hit] of scored.entries()) {
        expect(hit.keywordScore, hit.chunk.source).toBeCloseTo(expected[index]?.score ?? Number.NaN, 4);
      }
    });

    it("keeps a scoped search inside its scopes and returns every chunk a small scope holds", async () => {
      const { ingest, knowledge } = await setUp();
      await ingest();
      const hits = await knowledge.search("parental leave weeks", { k: 10, scopes: ["public"] });
      expect(hits.map((hit) => hit.chunk.scope)).toEqual(["public", "public"]);
      const both = await knowledge.search("leave", { k: 10, scopes: ["public", "engineering"] });
      expect(both).toHaveLength(3);
      expect(await knowledge.search("parental leave", { k: 5, scopes: ["finance"] })).toEqual([]);
    });

    it("re-embeds only what changed, drops deleted files, and serves the new generation", async () => {
      const { docsDir, embedder, ingest, knowledge } = await setUp();
      const first = await ingest();
      const before = await knowledge.current();
      const embeddedFirst = embedder.embeddedTexts;
      await writeFile(
        path.join(docsDir, "public/holidays.md"),
        "# Holidays\n\n## Summer\n\nThe office closes for the first week of August.\n",
      );
      await rm(path.join(docsDir, "engineering/on-call.txt"));
      await writeFiles(docsDir, { "engineering/deploys.md": "# Deploys\n\nDeploys happen on Tuesdays.\n" });
      const second = await ingest();
      expect(second).toMatchObject({ added: 1, updated: 1, removed: 1, unchanged: 2, documents: 4 });
      expect(embedder.embeddedTexts - embeddedFirst).toBe(2);
      expect(second.generation).not.toBe(first.generation);

      const now = await knowledge.current();
      expect(now.manifest.generation).toBe(second.generation);
      const august = await knowledge.search("when does the office close", { k: 1 });
      expect(august[0]?.chunk.text).toContain("August");
      const sources = (await knowledge.search("pager rotation Monday deploys", { k: 10 })).map(
        (hit) => hit.chunk.source,
      );
      expect(sources).toContain("engineering/deploys.md");
      expect(sources).not.toContain("engineering/on-call.txt");
      // A reader still holding the old generation keeps getting its content (nothing is changed in place).
      const vector = await embedder.embedQuery("Christmas New Year");
      const old = await before.search("Christmas New Year", vector, { k: 1 });
      expect(old[0]?.chunk.text).toContain("Christmas");
    });

    it("keeps the previous generation for rollback, and ingests correctly after a rollback", async () => {
      const { store, docsDir, ingest, knowledge } = await setUp();
      const first = await ingest();
      await writeFile(path.join(docsDir, "welcome.md"), "# Welcome\n\nThe office opens at 8am sharp.\n");
      const second = await ingest();
      expect(await store.listGenerations()).toEqual([first.generation, second.generation]);
      await store.publishGeneration(first.generation as string);
      expect(await store.currentGeneration()).toBe(first.generation);
      await knowledge.current(); // bots look again within a second; this looks now
      expect((await knowledge.search("when does the office open", { k: 1 }))[0]?.chunk.text).toContain("9am");

      // The next ingest builds on the generation rolled back to, not on the abandoned one.
      await writeFiles(docsDir, { "hr/expenses.md": "# Expenses\n\nSubmit receipts within thirty days.\n" });
      const third = await ingest();
      expect(third).toMatchObject({ added: 1, updated: 1, unchanged: 3, documents: 5 });
      expect(await store.currentGeneration()).toBe(third.generation);
      await knowledge.current();
      const opening = await knowledge.search("when does the office open", { k: 1 });
      expect(opening[0]?.chunk.text).toContain("8am");
      expect((await knowledge.search("receipts thirty days", { k: 1 }))[0]?.chunk.source).toBe(
        "hr/expenses.md",
      );
      const all = await knowledge.search("office", { k: 50 });
      expect(all.filter((hit) => hit.chunk.source === "welcome.md")).toHaveLength(1);
    });

    it("keeps the replaced generation after a --rebuild, and records every run", async () => {
      const { store, ingest } = await setUp();
      const first = await ingest();
      const unchanged = await ingest();
      expect(unchanged).toMatchObject({ unchanged: 4, added: 0, generation: first.generation });
      expect((await store.readLastRun())?.unchanged).toBe(4);
      const rebuilt = await ingest(true);
      expect(rebuilt).toMatchObject({ added: 4, documents: 4 });
      expect(await store.listGenerations()).toEqual([first.generation, rebuilt.generation]);
      expect(await store.readLastRun()).toMatchObject({ added: 4, generation: rebuilt.generation });
    });

    it("leaves the current generation untouched when writing a new one fails", async () => {
      const { store, embedder, ingest, knowledge } = await setUp();
      const first = await ingest();
      const manifest = await store.readManifest(first.generation as string);
      const chunk = { ...(await knowledge.search("pager", { k: 1 }))[0]?.chunk, source: "new.md" };
      const broken = store.writeGeneration({
        name: "gen-99999999-broken",
        previous: manifest,
        replacedSources: new Set(),
        split: [
          { file: { source: "new.md", hash: "x", bytes: 1, scope: "public" }, title: "New", chunks: [chunk] },
        ],
        vectors: [[1, 2, 3]], // the wrong size for this index
        embedderId: embedder.id,
        dimensions: manifest.embedder.dimensions,
        chunking: manifest.chunking,
        run: manifest.lastRun,
      } as never);
      await expect(broken).rejects.toThrow();
      expect(await store.currentGeneration()).toBe(first.generation);
      expect(await store.listGenerations()).toEqual([first.generation]);
      expect((await knowledge.search("pager rotates", { k: 1 }))[0]?.chunk.source).toBe(
        "engineering/on-call.txt",
      );
    });

    it("gives each generation's vocabulary: its words' terms with chunk counts, read once, renewed with it", async () => {
      const { docsDir, ingest, knowledge } = await setUp();
      await ingest();
      const vocabulary = await knowledge.vocabulary();
      expect(await knowledge.vocabulary()).toBe(vocabulary);
      const chunks = (word: string) => vocabulary.chunkCount(vocabulary.termOf(word));
      expect(chunks("office")).toBe(2); // welcome.md and public/holidays.md
      expect(chunks("pager")).toBe(1);
      expect(chunks("holidays")).toBeGreaterThan(0);
      expect(chunks("nitrogen")).toBe(0);
      const terms = [...vocabulary.terms()];
      expect(new Set(terms).size).toBe(vocabulary.size);
      expect(terms).toContain(vocabulary.termOf("christmas"));
      // Spelling correction reads it, whichever stemmer the store's terms come from.
      expect(correctWord("sixten", vocabulary)).toMatchObject({ correction: "sixteen", inDocuments: true });
      expect(correctWord("holidys", vocabulary)).toMatchObject({ correction: "holidays", inDocuments: true });
      expect(correctWord("rotates", vocabulary).status).toBe("in-documents");

      const before = await knowledge.current();
      await rm(path.join(docsDir, "engineering/on-call.txt"));
      await writeFiles(docsDir, { "engineering/deploys.md": "# Deploys\n\nDeploys happen on Tuesdays.\n" });
      await ingest();
      await knowledge.current(); // bots look again within a second; this looks now
      const renewed = await knowledge.vocabulary();
      expect(renewed).not.toBe(vocabulary);
      expect(renewed.chunkCount(renewed.termOf("pager"))).toBe(0);
      expect(renewed.chunkCount(renewed.termOf("deploys"))).toBe(1);
      // The generation replaced keeps its own.
      expect(await before.vocabulary()).toBe(vocabulary);
      expect(chunks("pager")).toBe(1);
    });

    it("lets one ingest run at a time", async () => {
      const { store, ingest } = await setUp();
      const lock = await store.lockIngest();
      const second = await store.lockIngest().catch((error: unknown) => error);
      expect(isDocentError(second, "INGEST_LOCKED")).toBe(true);
      const blocked = await ingest().catch((error: unknown) => error);
      expect(isDocentError(blocked, "INGEST_LOCKED")).toBe(true);
      await lock.release();
      await expect(ingest()).resolves.toMatchObject({ added: 4 });
    });

    it("refuses to search with another embedder than the one that built the index", async () => {
      const { store, ingest } = await setUp();
      await ingest();
      const other = new KnowledgeBase(
        store,
        new CountingEmbedder(64, "ollama:nomic-embed-text"),
        silentLogger,
      );
      const error = await other.search("leave", { k: 1 }).catch((caught: unknown) => caught);
      expect(isDocentError(error, "INDEX_INCOMPATIBLE")).toBe(true);
    });
  });
}
