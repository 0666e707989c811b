import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestDocuments } from "../../ingest/ingest-pipeline.js";
import { createFileIndexStore } from "../../src/index-store/file-index-store.js";
import { KnowledgeBase } from "../../src/index-store/knowledge-base.js";
import { silentLogger } from "../../src/logging/logger.js";
import type { DocumentSource, PreviousSync, SourceDocument } from "../../src/sources/document-source.js";
import { documentsFolder } from "../../src/sources/folder/folder-source.js";
import { CountingEmbedder } from "../helpers/counting-embedder.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { tinyHandbook } from "../helpers/tiny-handbook.js";

/**
 * A source that is not a folder, written here and nowhere else: the document-source port is all it needs. Its
 * pages live in memory, have a version and an address, and it can be made to fail.
 */
function createWikiSource(pages: Map<string, { html: string; version: number }>) {
  const state = { reads: [] as string[], down: false, handedBack: [] as PreviousSync[] };
  const source: DocumentSource = {
    name: "wiki",
    kind: "throwaway-wiki",
    location: "a wiki in this test",
    keyPrefix: "wiki/",
    async check() {
      if (state.down) throw new Error("the wiki is down");
    },
    async list({ previous }) {
      state.handedBack.push(previous);
      if (state.down) throw new Error("the wiki is down");
      const documents: SourceDocument[] = [...pages].map(([id, page]) => ({
        id,
        scope: "public",
        version: String(page.version),
        mediaType: "text/html",
        url: `https://wiki.example/pages/${id}`,
        title: `Wiki page ${id}`,
      }));
      return { documents, skipped: [], failed: [], state: { syncs: state.handedBack.length } };
    },
    async read(document) {
      state.reads.push(document.id);
      const page = pages.get(document.id);
      if (page === undefined) throw new Error("no such page");
      return Buffer.from(page.html);
    },
  };
  return { source, state };
}

const parkingPage =
  "<html><body><h1>Parking</h1><p>The garage has 40 bicycle racks on level -1.</p></body></html>";

describe("a document source written in a test, through the real ingest and search", () => {
  it("is listed, read by its media type, cited at its address, synced by version, and kept when it fails", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    await writeFiles(docsDir, tinyHandbook);
    const pages = new Map([["42", { html: parkingPage, version: 1 }]]);
    const wiki = createWikiSource(pages);
    const store = createFileIndexStore(path.join(root, "index"));
    const embedder = new CountingEmbedder();
    const ingest = () =>
      ingestDocuments({
        sources: [documentsFolder(docsDir, 1024 * 1024), wiki.source],
        store,
        rebuild: false,
        embedder,
        embedding: { batchSize: 16, concurrency: 2, maxRetries: 0, timeoutMs: 10_000 },
        chunking: { chunkSize: 400, chunkOverlap: 60 },
        logger: silentLogger,
      });

    const first = await ingest();
    expect(first).toMatchObject({ added: 5, failed: [] });
    const knowledge = new KnowledgeBase(store, embedder, silentLogger);
    const [hit] = await knowledge.search("how many bicycle racks in the garage", { k: 1 });
    expect(hit?.chunk).toMatchObject({
      source: "wiki/42",
      title: "Wiki page 42",
      sourceName: "wiki",
      url: "https://wiki.example/pages/42",
    });

    // Unchanged versions are not read again; a new version is.
    wiki.state.reads.length = 0;
    expect(await ingest()).toMatchObject({ added: 0, updated: 0, unchanged: 5 });
    expect(wiki.state.reads).toEqual([]);
    // What the index holds of it, and the state it asked for, are handed back to it.
    const handedBack = wiki.state.handedBack.at(-1);
    expect(handedBack?.state).toEqual({ syncs: 1 });
    expect(Object.fromEntries(handedBack?.documents ?? [])).toEqual({
      "42": { version: "1", scope: "public", title: "Wiki page 42", url: "https://wiki.example/pages/42" },
    });
    pages.set("42", { html: parkingPage.replace("40", "60"), version: 2 });
    expect(await ingest()).toMatchObject({ updated: 1, unchanged: 4 });
    expect(wiki.state.reads).toEqual(["42"]);

    // A source that fails keeps its documents; the others are synced; the run says which source and why.
    wiki.state.down = true;
    await writeFiles(docsDir, { "public/new.md": "# New\n\nA new page about lockers.\n" });
    const partial = await ingest();
    expect(partial).toMatchObject({ added: 1, removed: 0, failedSources: ["wiki"] });
    expect(partial.failed).toEqual([
      expect.objectContaining({ source: "wiki", reason: expect.stringContaining("the wiki is down") }),
    ]);
    const [kept] = await new KnowledgeBase(store, embedder, silentLogger).search("bicycle racks garage", {
      k: 1,
    });
    expect(kept?.chunk.source).toBe("wiki/42");
    await store.close();
  });
});
