import { describe, expect, it } from "vitest";
import { closeAfterTest } from "../../helpers/close-after-test.js";
import { ingestWithSources } from "../../helpers/ingest-with-sources.js";
import { makeConfluenceSource, siteUrl, storage } from "./confluence-fixture.js";
import { startFakeConfluence } from "./fake-confluence.js";

async function setUp() {
  const fake = await startFakeConfluence();
  closeAfterTest(fake.close);
  fake.addSpace("HR");
  fake.addSpace("ENG");
  const leave = fake.putPage({ spaceKey: "HR", title: "Leave policy", storage: storage.leave(25) });
  const deploy = fake.putPage({ spaceKey: "ENG", title: "Deploying", storage: storage.deploy });
  const rota = fake.putPage({ spaceKey: "ENG", title: "On-call rota", storage: storage.oncall });
  const state = { token: undefined as string | undefined };
  const run = await ingestWithSources(() =>
    makeConfluenceSource(fake.url, {
      spaces: ["HR", "ENG"],
      scopes: { HR: "hr", ENG: "engineering" },
      ...(state.token === undefined ? {} : { token: state.token }),
    }),
  );
  return { ...run, fake, state, pages: { leave, deploy, rota } };
}

describe("a Confluence source next to the documents folder, through the real ingest and search", () => {
  it("indexes two spaces in their scopes, cited at the pages' addresses, and re-reads only what was edited", async () => {
    const { fake, ingest, search, pages } = await setUp();
    const first = await ingest();
    expect(first).toMatchObject({ added: 7, failed: [], failedSources: [] });
    // The folder's four files (public 2, hr 1, engineering 1) and the wiki's pages (hr 1, engineering 2).
    expect(first.documentsPerScope).toEqual({ public: 2, hr: 2, engineering: 3 });
    expect(await search("how many days of paid annual leave")).toMatchObject({
      source: `wiki/${pages.leave.id}`,
      sourceName: "wiki",
      scope: "hr",
      title: "Leave policy",
      url: `${siteUrl}/spaces/HR/pages/${pages.leave.id}/Leave+policy`,
    });
    const code = await search("deploy script release branch production");
    expect(code?.text).toContain("./deploy.sh --env production <release-tag>");
    expect(fake.pageReads().sort()).toEqual([pages.leave.id, pages.deploy.id, pages.rota.id].sort());

    // Unchanged: the listing only. Edited: that page alone is read again.
    fake.requests.length = 0;
    expect(await ingest()).toMatchObject({ added: 0, updated: 0, unchanged: 7 });
    expect(fake.pageReads()).toEqual([]);
    expect(fake.requests).toHaveLength(3);
    fake.editPage(pages.leave.id, storage.leave(30));
    expect(await ingest()).toMatchObject({ updated: 1, unchanged: 6, removed: 0 });
    expect(fake.pageReads()).toEqual([pages.leave.id]);
    expect((await search("how many days of paid annual leave"))?.text).toContain("30 days");
  });

  it("keeps every page it indexed when Confluence refuses it, and says which variable to fix", async () => {
    const { fake, ingest, search, state, ingestWhileFailing, pages } = await setUp();
    await ingest();
    state.token = "revoked-token";
    fake.editPage(pages.leave.id, storage.leave(40));
    const partial = await ingestWhileFailing("wiki", "API token in CONFLUENCE_TOKEN");
    expect(JSON.stringify(partial)).not.toContain("revoked-token");
    expect(partial.documentsPerScope).toEqual({ public: 3, hr: 2, engineering: 3 });
    expect((await search("how many days of paid annual leave"))?.text).toContain("25 days");
  });

  it("keeps a page whose body cannot be read, and drops a page deleted or moved out of the synced spaces", async () => {
    const { fake, ingest, search, pages } = await setUp();
    await ingest();
    fake.editPage(pages.leave.id, storage.leave(35));
    fake.state.intercept = (request, response) => {
      if (request.path !== `/wiki/api/v2/pages/${pages.leave.id}`) return false;
      response.writeHead(200, { "content-type": "application/json" }).end('{"id": "cut sh');
      return true;
    };
    fake.pages.delete(pages.rota.id);
    fake.pages.set(pages.deploy.id, { ...pages.deploy, spaceKey: "ARCHIVE" });
    const next = await ingest();
    expect(next).toMatchObject({ updated: 0, removed: 2, failedSources: [] });
    expect(next.failed).toEqual([
      { source: `wiki/${pages.leave.id}`, reason: expect.stringContaining("sent a reply that is not JSON") },
    ]);
    // Left: the folder's files and the leave page (its last good version); ENG's two pages are gone.
    expect(next.documentsPerScope).toEqual({ public: 2, hr: 2, engineering: 1 });
    expect((await search("how many days of paid annual leave"))?.text).toContain("25 days");
  });
});
