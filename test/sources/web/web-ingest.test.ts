import { describe, expect, it } from "vitest";
import { ingestWithSources } from "../../helpers/ingest-with-sources.js";
import { handbookIds, handbookSource, startHandbookSite } from "./handbook-site.js";

describe("the web source through the real ingest and search, next to a folder", () => {
  it("indexes the site, re-syncs it with 304s, takes an edit and a deletion, and keeps everything when the site is down", async () => {
    const server = await startHandbookSite();
    const { origin, entries } = server.site;
    const { ingest, search, embedder, ingestWhileFailing } = await ingestWithSources(
      handbookSource(origin, { attempts: 1 }),
    );

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
    entries.set("/robots.txt", { status: 503 });
    await ingestWhileFailing("intranet", "answered HTTP 503");
    expect(await search("claim expenses within how many days")).toMatchObject({
      source: "intranet/expenses",
    });
    // The machine running the suite may be busy: loading a PDF and a Word file in the sandbox takes seconds there.
  }, 180_000);
});
