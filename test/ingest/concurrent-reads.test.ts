import path from "node:path";
import { describe, expect, it } from "vitest";
import { type IngestOptions, ingestDocuments } from "../../ingest/ingest-pipeline.js";
import { isDocentError } from "../../src/errors.js";
import { createFileIndexStore } from "../../src/index-store/files/file-index-store.js";
import type { DocumentSource, SourceDocument } from "../../src/sources/document-source.js";
import { closeAfterTest } from "../helpers/close-after-test.js";
import { CountingEmbedder } from "../helpers/counting-embedder.js";
import { testIngestSettings } from "../helpers/ingest-fixture.js";
import { readCurrentIndex } from "../helpers/read-current-index.js";
import { makeTempFolder } from "../helpers/temp-folder.js";

const pageCount = 14;
const lockedPage = "07";

/** Page ids in listing order, each a page of its own words (and a heading), so that every one gives chunks. */
const pageIds = Array.from({ length: pageCount }, (_, index) => String(index).padStart(2, "0"));
const pageHtml = (id: string) =>
  `<html><body><h1>Policy ${id}</h1><p>Team ${id} answers requests about desk ${Number(id) * 3} ` +
  `within ${Number(id) + 1} working days.</p><p>${"Ask the office manager for a key. ".repeat(Number(id) + 2)}</p></body></html>`;

/**
 * A remote-like source: every read waits a little (later pages less, so that reads finish out of listing order),
 * counts how many reads are going at once, and one page cannot be read. `hang` makes every read wait for ever,
 * without watching the signal (a source that does not stop when asked).
 */
function createSlowWiki(readsInFlight: number | undefined, hang = false) {
  const state = { active: 0, most: 0, started: 0, onRead: () => {} };
  const source: DocumentSource = {
    name: "wiki",
    kind: "slow-wiki",
    location: "a slow wiki in this test",
    keyPrefix: "wiki/",
    ...(readsInFlight === undefined ? {} : { readsInFlight }),
    async check() {},
    async list() {
      const documents: SourceDocument[] = pageIds.map((id) => ({
        id,
        scope: "public",
        version: "1",
        mediaType: "text/html",
        url: `https://wiki.example/pages/${id}`,
      }));
      return { documents, skipped: [], failed: [] };
    },
    async read(document) {
      state.active += 1;
      state.started += 1;
      state.most = Math.max(state.most, state.active);
      state.onRead();
      try {
        if (hang) await new Promise(() => {});
        await new Promise((resolve) => setTimeout(resolve, pageCount - Number(document.id)));
        if (document.id === lockedPage) throw new Error("the page is locked by its owner");
        return Buffer.from(pageHtml(document.id));
      } finally {
        state.active -= 1;
      }
    },
  };
  return { source, state };
}

async function ingestInto(indexDir: string, source: DocumentSource, overrides: Partial<IngestOptions> = {}) {
  const store = createFileIndexStore(indexDir);
  closeAfterTest(() => store.close());
  return ingestDocuments({
    sources: [source],
    store,
    embedder: new CountingEmbedder(32),
    ...testIngestSettings,
    ...overrides,
  });
}

describe("a source's documents read several at a time", () => {
  it("reads up to the source's readsInFlight at once and builds the generation reading one at a time builds", async () => {
    const root = await makeTempFolder();
    const concurrent = createSlowWiki(4);
    const loading: number[] = [];
    const summary = await ingestInto(path.join(root, "concurrent"), concurrent.source, {
      onProgress: (stage, done) => {
        if (stage === "loading") loading.push(done);
      },
    });
    expect(concurrent.state.most).toBeGreaterThan(1);
    expect(concurrent.state.most).toBeLessThanOrEqual(4);
    // The locked page is reported; every other page is indexed.
    expect(summary).toMatchObject({ added: pageCount - 1, documents: pageCount - 1 });
    expect(summary.failed).toEqual([
      expect.objectContaining({ source: `wiki/${lockedPage}`, reason: expect.stringContaining("locked") }),
    ]);
    // Loading progress counts the documents in listing order, once each.
    expect(loading.filter((done) => done > 0)).toEqual(pageIds.map((_, index) => index + 1));

    const sequential = createSlowWiki(undefined);
    const alone = await ingestInto(path.join(root, "sequential"), sequential.source);
    expect(sequential.state.most).toBe(1);
    expect(alone.failed).toEqual(summary.failed);
    expect(await readCurrentIndex(path.join(root, "concurrent"))).toEqual(
      await readCurrentIndex(path.join(root, "sequential")),
    );
  });

  it("stops at once when cancelled, even while reads of a source that ignores the signal are going", async () => {
    const root = await makeTempFolder();
    const wiki = createSlowWiki(3, true);
    const controller = new AbortController();
    wiki.state.onRead = () => {
      if (wiki.state.active === 3) setImmediate(() => controller.abort());
    };
    const run = ingestInto(path.join(root, "index"), wiki.source, { signal: controller.signal });
    await expect(run).rejects.toSatisfy((error) => isDocentError(error, "CANCELLED"));
    expect(wiki.state.started).toBe(3);
    const store = createFileIndexStore(path.join(root, "index"));
    closeAfterTest(() => store.close());
    expect(await store.currentGeneration()).toBeNull();
  });
});
