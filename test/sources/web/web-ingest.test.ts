import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ingestDocuments } from "../../../ingest/ingest-pipeline.js";
import { createFileIndexStore } from "../../../src/index-store/files/file-index-store.js";
import { KnowledgeBase } from "../../../src/index-store/knowledge-base.js";
import { silentLogger } from "../../../src/logging/logger.js";
import { documentsFolder } from "../../../src/sources/folder/folder-source.js";
import { CountingEmbedder } from "../../helpers/counting-embedder.js";
import { makeTempFolder, writeFiles } from "../../helpers/temp-folder.js";
import { tinyHandbook } from "../../helpers/tiny-handbook.js";
import { handbookIds, handbookSite, handbookSource } from "./handbook-site.js";
import { startLoopbackSite } from "./loopback-site.js";

const sites: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const site of sites.splice(0)) await site.close();
});

describe("the web source through the real ingest and search, next to a folder", () => {
  it("indexes the site, re-syncs it with 304s, takes an edit and a deletion, and keeps everything when the site is down", async () => {
    const server = await startLoopbackSite();
    sites.push(server);
    const { origin, entries } = server.site;
    for (const [address, entry] of Object.entries(await handbookSite(origin))) entries.set(address, entry);
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    await writeFiles(docsDir, tinyHandbook);
    const store = createFileIndexStore(path.join(root, "index"));
    const embedder = new CountingEmbedder();
    const ingest = () =>
      ingestDocuments({
        sources: [documentsFolder(docsDir, 1024 * 1024), handbookSource(origin, { attempts: 1 })],
        store,
        rebuild: false,
        embedder,
        embedding: { batchSize: 16, concurrency: 2, maxRetries: 0, timeoutMs: 10_000 },
        chunking: { chunkSize: 400, chunkOverlap: 60 },
        logger: silentLogger,
      });
    const search = async (question: string) => {
      const [hit] = await new KnowledgeBase(store, embedder, silentLogger).search(question, { k: 1 });
      return hit?.chunk;
    };

    // First sync: every page, the PDF and the Word file, cited at their addresses with their titles.
    const first = await ingest();
    expect(first).toMatchObject({ added: 4 + handbookIds.length, failed: [], failedSources: [] });
    expect(await search("how many weeks of paid parental leave do parents get")).toMatchObject({
      sourceName: "intranet",
      source: "intranet/leave/parental",
      title: "Parental leave",
      url: `${origin}/handbook/leave/parental`,
    });

    // Unchanged: every page with a validator answers 304, nothing is read or embedded again.
    server.takeRequests();
    const embedded = embedder.embeddedTexts;
    expect(await ingest()).toMatchObject({ added: 0, updated: 0, removed: 0, failed: [] });
    expect(embedder.embeddedTexts).toBe(embedded);
    const statuses = server.takeRequests().filter((request) => request.path.startsWith("/handbook/"));
    expect(statuses.filter((request) => request.status !== 304).map((request) => request.path)).toEqual([
      "/handbook/only-in-sitemap",
    ]);

    // An edit (the ETag changes) and a deletion (404); a new PDF link that is not a PDF fails alone.
    entries.set("/handbook/leave/", {
      type: "text/html",
      body: '<title>Leave policy</title><p>Everyone gets 28 days of paid leave a year.</p><a href="parental">p</a><a href="form.pdf">f</a>',
    });
    entries.set("/handbook/leave/form.pdf", { type: "application/pdf", body: "<html>not a PDF</html>" });
    entries.delete("/handbook/only-in-sitemap");
    const edited = await ingest();
    expect(edited).toMatchObject({ added: 0, updated: 1, removed: 2, failedSources: [] });
    expect(edited.failed.map((problem) => problem.source)).toEqual(["intranet/leave/form.pdf"]);
    expect(await search("how many days of paid leave a year")).toMatchObject({
      source: "intranet/leave",
      text: expect.stringContaining("28 days"),
    });

    // The site is down: the run is partial, the folder is synced, and the site's pages stay searchable.
    await writeFiles(docsDir, { "public/lockers.md": "# Lockers\n\nLockers are on the second floor.\n" });
    entries.set("/robots.txt", { status: 503 });
    const down = await ingest();
    expect(down).toMatchObject({ added: 1, removed: 0, failedSources: ["intranet"] });
    expect(down.failed).toEqual([
      expect.objectContaining({ source: "intranet", reason: expect.stringContaining("answered HTTP 503") }),
    ]);
    expect(await search("claim expenses within how many days")).toMatchObject({
      source: "intranet/expenses",
    });
    await store.close();
    // The machine running the suite may be busy: loading a PDF and a Word file in the sandbox takes seconds there.
  }, 180_000);
});
