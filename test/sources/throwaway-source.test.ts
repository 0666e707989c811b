import { describe, expect, it } from "vitest";
import type { DocumentSource, PreviousSync, SourceDocument } from "../../src/sources/document-source.js";
import { ingestWithSources } from "../helpers/ingest-with-sources.js";

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
    const pages = new Map([["42", { html: parkingPage, version: 1 }]]);
    const wiki = createWikiSource(pages);
    const { ingest, search, ingestWhileFailing } = await ingestWithSources(wiki.source);

    const first = await ingest();
    expect(first).toMatchObject({ added: 5, failed: [] });
    expect(await search("how many bicycle racks in the garage")).toMatchObject({
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
    await ingestWhileFailing("wiki", "the wiki is down");
    expect((await search("bicycle racks garage"))?.source).toBe("wiki/42");
  });
});
