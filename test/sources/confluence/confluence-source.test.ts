import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isDocentError } from "../../../src/errors.js";
import { confluenceSource } from "../../../src/sources/confluence/confluence-source.js";
import type { PreviousSync } from "../../../src/sources/document-source.js";
import { failureOf } from "../../helpers/failure-of.js";
import { makeConfluenceSource, siteUrl, storage } from "./confluence-fixture.js";
import { startFakeConfluence } from "./fake-confluence.js";

type Fake = Awaited<ReturnType<typeof startFakeConfluence>>;

const nothingBefore: PreviousSync = { documents: new Map(), state: undefined };
const scopes = { HR: "hr", ENG: "engineering" };

let fake: Fake;
beforeEach(async () => {
  fake = await startFakeConfluence();
  fake.addSpace("HR");
  fake.addSpace("ENG");
  fake.addSpace("SALES");
});
afterEach(() => fake.close());

function listingRequests(): string[] {
  return fake.requests.map((request) => request.path).filter((path) => !/\/pages\/[^/]+$/.test(path));
}

describe("the Confluence source, against a loopback Confluence Cloud", () => {
  it("lists the current pages of two spaces with their own scopes, 250 at a time, without their bodies", async () => {
    const leave = fake.putPage({ spaceKey: "HR", title: "Leave policy", storage: storage.leave(25) });
    fake.putPage({ spaceKey: "SALES", title: "Price list", storage: "<p>Not synced.</p>" });
    for (let index = 0; index < 260; index += 1) {
      fake.putPage({ spaceKey: "ENG", title: `Runbook ${index}`, storage: storage.deploy });
    }
    // SALES has no scope: it is not synced, and not even listed.
    const source = makeConfluenceSource(fake.url, { spaces: ["HR", "SALES", "ENG"], scopes });
    await source.check();
    const listing = await source.list({ previous: nothingBefore });

    expect(listing.failed).toEqual([]);
    expect(listing.skipped).toEqual(["spaces/SALES"]);
    expect(listing.documents).toHaveLength(261);
    expect(listing.documents.find((document) => document.id === leave.id)).toEqual({
      id: leave.id,
      scope: "hr",
      version: "1",
      mediaType: "text/html",
      url: `${siteUrl}/spaces/HR/pages/${leave.id}/Leave+policy`,
      title: "Leave policy",
    });
    expect(
      new Set(listing.documents.filter((d) => d.title?.startsWith("Runbook")).map((d) => d.scope)),
    ).toEqual(new Set(["engineering"]));
    // One look-up of the spaces, one batch for HR, two for ENG's 260 pages; no page body yet.
    expect(listingRequests()).toEqual([
      "/wiki/api/v2/spaces",
      `/wiki/api/v2/spaces/${fake.spaces.get("HR")?.id}/pages`,
      `/wiki/api/v2/spaces/${fake.spaces.get("ENG")?.id}/pages`,
      `/wiki/api/v2/spaces/${fake.spaces.get("ENG")?.id}/pages`,
    ]);
    expect(fake.requests[0]?.query.get("keys")).toBe("HR,ENG");
    expect(fake.requests[1]?.query.get("limit")).toBe("250");
    expect(fake.requests[1]?.query.get("status")).toBe("current");
    expect(fake.requests.some((request) => request.query.has("body-format"))).toBe(false);
    expect(fake.pageReads()).toEqual([]);

    const html = (await source.read(listing.documents[0] as never)).toString("utf8");
    expect(html).toContain("<title>Leave policy</title>");
    expect(html).toContain("<strong>25 days</strong>");
    expect(fake.requests.at(-1)?.query.get("body-format")).toBe("storage");
  });

  it("follows an edit, an addition, a deletion and a page moved to a space not synced", async () => {
    const leave = fake.putPage({ spaceKey: "HR", title: "Leave policy", storage: storage.leave(25) });
    const expenses = fake.putPage({
      spaceKey: "HR",
      title: "Expenses",
      storage: "<p>Receipts within 30 days.</p>",
    });
    const deploy = fake.putPage({ spaceKey: "ENG", title: "Deploying", storage: storage.deploy });
    const rota = fake.putPage({ spaceKey: "ENG", title: "On-call rota", storage: storage.oncall });
    const source = makeConfluenceSource(fake.url, { spaces: ["HR", "ENG"], scopes });
    const versions = async () =>
      Object.fromEntries(
        (await source.list({ previous: nothingBefore })).documents.map((d) => [
          d.id,
          `${d.version} ${d.scope}`,
        ]),
      );
    expect(await versions()).toEqual({
      [leave.id]: "1 hr",
      [expenses.id]: "1 hr",
      [deploy.id]: "1 engineering",
      [rota.id]: "1 engineering",
    });

    fake.editPage(leave.id, storage.leave(28));
    const added = fake.putPage({
      spaceKey: "ENG",
      title: "Incident review",
      storage: "<p>Within 5 days.</p>",
    });
    fake.pages.delete(expenses.id);
    fake.pages.set(rota.id, { ...rota, spaceKey: "SALES" });
    expect(await versions()).toEqual({
      [leave.id]: "2 hr",
      [deploy.id]: "1 engineering",
      [added.id]: "1 engineering",
    });
    const edited = (
      await source.read({ id: leave.id, scope: "hr", version: "2", mediaType: "text/html" })
    ).toString();
    expect(edited).toContain("28 days");
  });

  it("waits the Retry-After of a 429, then lists", async () => {
    fake.putPage({ spaceKey: "HR", title: "Leave policy", storage: storage.leave(25) });
    let limited = 0;
    fake.state.intercept = (request, response) => {
      if (!request.path.endsWith("/pages") || limited > 0) return false;
      limited += 1;
      response.writeHead(429, { "retry-after": "1", "content-type": "application/json" });
      response.end(
        JSON.stringify({ errors: [{ status: 429, code: "TOO_MANY_REQUESTS", title: "Rate limited" }] }),
      );
      return true;
    };
    const source = makeConfluenceSource(fake.url, { spaces: ["HR"], scopes });
    const listing = await source.list({ previous: nothingBefore });
    expect(listing.documents.map((document) => document.title)).toEqual(["Leave policy"]);
    expect(limited).toBe(1);
    expect(listingRequests()).toHaveLength(3);
  });

  it("is refused with one sentence naming the token's variable, and never says the token", async () => {
    const source = makeConfluenceSource(fake.url, { spaces: ["HR"], scopes, token: "wrong-token-123" });
    const error = await failureOf(source.list({ previous: nothingBefore }));
    expect(isDocentError(error, "SOURCE_UNAVAILABLE")).toBe(true);
    expect(error.message).toBe(
      "The wiki source was refused (HTTP 401) reading space HR: check the e-mail address in CONFLUENCE_USER " +
        "and the API token in CONFLUENCE_TOKEN",
    );
    expect(error.message).not.toContain("wrong-token-123");
    expect(fake.requests).toHaveLength(1);
  });

  it("names a space that does not exist, instead of dropping its pages", async () => {
    const source = makeConfluenceSource(fake.url, {
      spaces: ["HR", "OPS"],
      scopes: { ...scopes, OPS: "ops" },
    });
    const error = await failureOf(source.list({ previous: nothingBefore }));
    expect(error.message).toBe(
      `The wiki source found no space OPS in Confluence at ${siteUrl}: check the space keys in the sources ` +
        "file, and that the Atlassian account in CONFLUENCE_USER may view it",
    );
  });

  it("gives up on a server that stops answering mid-listing, in one sentence", async () => {
    for (let index = 0; index < 300; index += 1)
      fake.putPage({ spaceKey: "ENG", title: `P${index}`, storage: "x" });
    fake.state.intercept = (request) => request.query.has("cursor");
    const source = makeConfluenceSource(fake.url, {
      spaces: ["ENG"],
      scopes,
      fetch: { timeoutMs: 300, attempts: 2 },
    });
    const error = await failureOf(source.list({ previous: nothingBefore }));
    expect(isDocentError(error, "SOURCE_UNAVAILABLE")).toBe(true);
    expect(error.message).toBe(
      `The wiki source: ${fake.url}/api/v2/spaces/${fake.spaces.get("ENG")?.id}/pages did not answer within 0.3 s (2 tries)`,
    );
  });

  it("says so in one sentence when a reply is not JSON, or not what the API sends", async () => {
    fake.putPage({ spaceKey: "HR", title: "Leave policy", storage: storage.leave(25) });
    fake.state.intercept = (request, response) => {
      if (!request.path.endsWith("/pages")) return false;
      response
        .writeHead(200, { "content-type": "text/html" })
        .end("<html><body>Log in to Atlassian</body></html>");
      return true;
    };
    const source = makeConfluenceSource(fake.url, { spaces: ["HR"], scopes });
    const notJson = await failureOf(source.list({ previous: nothingBefore }));
    expect(notJson.message).toBe(
      `The wiki source could not read the pages of space HR: ${fake.url}/api/v2/spaces/${fake.spaces.get("HR")?.id}/pages sent a reply that is not JSON`,
    );
    fake.state.intercept = (request, response) => {
      if (!request.path.endsWith("/pages")) return false;
      response.writeHead(200, { "content-type": "application/json" }).end('{"results": "soon"}');
      return true;
    };
    const wrongShape = await failureOf(source.list({ previous: nothingBefore }));
    expect(wrongShape.message).toMatch(
      /could not read the pages of space HR: .* not what the Confluence REST API v2/,
    );
  });

  it("reports a page that is gone when it is read, and follows next links only under its own API base", async () => {
    const leave = fake.putPage({ spaceKey: "HR", title: "Leave policy", storage: storage.leave(25) });
    for (let index = 0; index < 300; index += 1)
      fake.putPage({ spaceKey: "HR", title: `P${index}`, storage: "x" });
    const source = makeConfluenceSource(fake.url, { spaces: ["HR"], scopes });
    fake.state.intercept = (request, response) => {
      if (!request.path.endsWith("/pages") || request.query.has("cursor")) return false;
      // A next link naming another host: the cursor is followed, the host is not.
      const next = `https://elsewhere.example/wiki/api/v2${request.path.slice("/wiki/api/v2".length)}?limit=250&cursor=${Buffer.from('{"after":250}').toString("base64url")}`;
      const results = [...fake.pages.values()].slice(0, 250).map((page) => ({
        id: page.id,
        title: page.title,
        version: { number: page.version },
      }));
      response.writeHead(200, { "content-type": "application/json", link: `<${next}>; rel="next"` });
      response.end(JSON.stringify({ results, _links: {} }));
      return true;
    };
    const listing = await source.list({ previous: nothingBefore });
    expect(listing.documents).toHaveLength(301);
    fake.pages.delete(leave.id);
    const document = listing.documents.find((candidate) => candidate.id === leave.id);
    const error = await failureOf(source.read(document as never));
    expect(error.message).toBe(
      `Confluence no longer has page ${leave.id} ("Leave policy") (HTTP 404): it was deleted or moved since it was listed`,
    );
  });

  it("refuses settings it does not know, an address that is not one, and a space named twice", () => {
    const check = (settings: unknown) =>
      confluenceSource.settings.safeParse(settings).error?.issues.map((issue) => issue.message);
    expect(check({ url: siteUrl, spaces: ["HR"] })).toBeUndefined();
    expect(check({ url: siteUrl, spaces: ["HR"], space: ["ENG"] })).toEqual([
      expect.stringContaining('"space"'),
    ]);
    expect(check({ url: "example.atlassian.net", spaces: ["HR"] })).toEqual([
      "url must be the site's wiki address, e.g. https://example.atlassian.net/wiki",
    ]);
    expect(check({ url: siteUrl, spaces: ["HR", "HR"] })).toEqual(["spaces names a space key twice"]);
    expect(check({ url: siteUrl, spaces: [] })).toEqual(["spaces must name at least one space key"]);
  });

  it("stops its requests at once when the run is cancelled", async () => {
    fake.putPage({ spaceKey: "HR", title: "Leave policy", storage: storage.leave(25) });
    fake.state.intercept = (request) => request.path.endsWith("/pages");
    const run = new AbortController();
    const source = makeConfluenceSource(fake.url, {
      spaces: ["HR"],
      scopes,
      signal: run.signal,
      fetch: { timeoutMs: 30_000 },
    });
    const listing = failureOf(source.list({ previous: nothingBefore, signal: run.signal }));
    while (fake.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    run.abort();
    expect(isDocentError(await listing, "CANCELLED")).toBe(true);
  });
});
