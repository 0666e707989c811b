import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeAfterTest } from "../../helpers/close-after-test.js";
import { ingestWithSources } from "../../helpers/ingest-with-sources.js";
import { tinyHandbook } from "../../helpers/tiny-handbook.js";
import { FakeGraph } from "./fake-graph.js";
import { nothingYet, seedSite, sharepointAt } from "./sharepoint-fixture.js";

let graph: FakeGraph;
beforeEach(async () => {
  graph = await new FakeGraph().start();
  closeAfterTest(() => graph.stop());
  seedSite(graph);
});
afterEach(() => vi.useRealTimers());

const tokenRequests = () => graph.count(/^POST \/login\//);
/** The files seedSite puts in the synced libraries that docent reads (the image is skipped). */
const syncedFiles = 5;

describe("the SharePoint source when its token expires during a run", () => {
  it("asks for a new token once when Graph refuses the first one mid-listing, and the sync completes", async () => {
    graph.expireFirstTokenAfter = 2; // the site and the first page of libraries; the second page is refused
    const { ingest } = await ingestWithSources(sharepointAt(graph));
    expect(await ingest()).toMatchObject({
      added: Object.keys(tinyHandbook).length + syncedFiles,
      failed: [],
      failedSources: [],
    });
    expect(tokenRequests()).toBe(2);
    expect(graph.refusals).toBe(1);
    // The refused request is asked again, with the new token.
    expect(graph.count(/^GET \/v1\.0\/sites\/[^/]+\/drives$/)).toBe(2 + 1);
  });

  it("shares one new token among downloads refused at the same time", async () => {
    const source = sharepointAt(graph);
    const listing = await source.list({ previous: nothingYet });
    graph.expireFirstTokenAfter = graph.count(/^GET /); // every request from now on with the first token fails
    const files = await Promise.all(listing.documents.map((document) => source.read(document)));
    expect(files.map((file) => file.length > 0)).toEqual(listing.documents.map(() => true));
    expect(listing.documents).toHaveLength(syncedFiles);
    expect(tokenRequests()).toBe(2);
    expect(graph.refusals).toBeGreaterThanOrEqual(1);
  });

  it("renews the token before its expires_in has passed, and a short-lived one not on every request", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const source = sharepointAt(graph);
    await source.check();
    // 56 minutes on, within 5 minutes of the hour's token expiring: a new one before the listing.
    vi.setSystemTime(Date.now() + 56 * 60_000);
    await source.list({ previous: nothingYet });
    expect(tokenRequests()).toBe(2);
    expect(graph.refusals).toBe(0);

    graph.tokenLifetimeSeconds = 120;
    const shortLived = sharepointAt(graph);
    await shortLived.check();
    await shortLived.list({ previous: nothingYet });
    expect(tokenRequests()).toBe(3);
    vi.setSystemTime(Date.now() + 61_000);
    await shortLived.list({ previous: nothingYet });
    expect(tokenRequests()).toBe(4);
    expect(graph.refusals).toBe(0);
  });
});
