import { afterEach, describe, expect, it } from "vitest";
import { isDocentError } from "../../../src/errors.js";
import type { PreviousSync, SourceDocument } from "../../../src/sources/document-source.js";
import { notionSource } from "../../../src/sources/notion/notion-source.js";
import { failureOf } from "../../helpers/failure-of.js";
import { type FakeNotion, startFakeNotion } from "./fake-notion.js";
import { notionError, pageObject, text } from "./notion-objects.js";
import { makeNotionSource, nothingBefore, token } from "./notion-setup.js";

const ids = [1, 2, 3, 4, 5].map((n) => `1f0c2a4e-0000-4000-8000-00000000000${n}`);
const at = (minute: number) => `2026-01-05T10:${String(minute).padStart(2, "0")}:00.000Z`;

let notion: FakeNotion | undefined;
afterEach(async () => {
  await notion?.close();
  notion = undefined;
});

/** A workspace of five shared pages, listed two per reply. */
async function fiveSharedPages(): Promise<FakeNotion> {
  const fake = await startFakeNotion({ token, pageSize: 2 });
  ids.forEach((id, index) => {
    fake.putPage({ id, title: `Page ${index + 1}`, lastEdited: at(index) }, [
      text("paragraph", `Body ${index + 1}`),
    ]);
  });
  return fake;
}

function versions(documents: readonly SourceDocument[]): Record<string, string> {
  return Object.fromEntries(documents.map((document) => [document.title ?? document.id, document.version]));
}

describe("the Notion source listing what is shared with its integration", () => {
  it("pages through the search, versions each page by last_edited_time, and reads nothing while listing", async () => {
    notion = await fiveSharedPages();
    const source = makeNotionSource(notion.url);
    const first = await source.list({ previous: nothingBefore });
    expect(versions(first.documents)).toEqual({
      "Page 1": at(0),
      "Page 2": at(1),
      "Page 3": at(2),
      "Page 4": at(3),
      "Page 5": at(4),
    });
    expect(first.documents[0]).toMatchObject({
      scope: "public",
      mediaType: "text/markdown",
      url: `https://www.notion.so/Page-1-${ids[0]?.replace(/-/g, "")}`,
    });
    // Three replies of at most two: metadata only, no block read.
    expect(notion.requests).toEqual(["POST /v1/search", "POST /v1/search", "POST /v1/search"]);
  });

  it("sees an edit, an addition, a page archived and a page no longer shared", async () => {
    notion = await fiveSharedPages();
    const source = makeNotionSource(notion.url);
    await source.list({ previous: nothingBefore });
    notion.editPage(ids[1] as string, at(30), [text("paragraph", "Body 2, edited")]);
    notion.putPage({ id: "1f0c2a4e-0000-4000-8000-000000000009", title: "Page 9", lastEdited: at(31) });
    notion.editPage(ids[2] as string, at(32), undefined, { inTrash: true });
    notion.unshare(ids[3] as string);
    const second = await source.list({ previous: nothingBefore });
    expect(versions(second.documents)).toEqual({
      "Page 1": at(0),
      "Page 2": at(30),
      "Page 5": at(4),
      "Page 9": at(31),
    });
    const edited = second.documents.find((document) => document.title === "Page 2") as SourceDocument;
    expect((await source.read(edited)).toString("utf8")).toBe("# Page 2\n\nBody 2, edited\n");
  });

  it("lists a database whose version changes when one of its entries does", async () => {
    notion = await fiveSharedPages();
    const dataSource = {
      id: "d5000000-0000-4000-8000-000000000001",
      databaseId: "db000000-0000-4000-8000-000000000001",
    };
    notion.putDataSource({ ...dataSource, title: "Runbooks", lastEdited: at(5) });
    notion.putPage({
      id: "1f0c2a4e-0000-4000-8000-000000000010",
      title: "Deploy",
      lastEdited: at(6),
      dataSource,
    });
    const source = makeNotionSource(notion.url);
    const before = versions((await source.list({ previous: nothingBefore })).documents);
    notion.editPage("1f0c2a4e-0000-4000-8000-000000000010", at(40));
    const after = versions((await source.list({ previous: nothingBefore })).documents);
    expect(after.Runbooks).not.toBe(before.Runbooks);
    expect(after.Runbooks?.startsWith(`${at(5)} 1 entries `)).toBe(true);
    expect(after["Page 1"]).toBe(before["Page 1"]);
    notion.editPage("1f0c2a4e-0000-4000-8000-000000000010", at(41), undefined, { inTrash: true });
    const trashed = versions((await source.list({ previous: nothingBefore })).documents);
    expect(trashed.Runbooks?.startsWith(`${at(5)} 0 entries `)).toBe(true);
  });

  it("finds a database entry the search index does not have yet, and reads the database without a request more", async () => {
    notion = await fiveSharedPages();
    const dataSource = {
      id: "d5000000-0000-4000-8000-000000000001",
      databaseId: "db000000-0000-4000-8000-000000000001",
    };
    const broken = {
      id: "d5000000-0000-4000-8000-000000000002",
      databaseId: "db000000-0000-4000-8000-000000000002",
    };
    notion.putDataSource({ ...dataSource, title: "Runbooks", lastEdited: at(5) });
    notion.putDataSource({ ...broken, title: "Broken", lastEdited: at(5) });
    notion.putPage({
      id: "1f0c2a4e-0000-4000-8000-000000000010",
      title: "Deploy",
      lastEdited: at(6),
      dataSource,
    });
    notion.leaveOutOfSearch("1f0c2a4e-0000-4000-8000-000000000010");
    const fake = notion;
    fake.intercept((request) =>
      request.includes(broken.id) ? { status: 503, body: "{}", headers: { "retry-after": "0" } } : undefined,
    );
    const source = makeNotionSource(fake.url);
    const listing = await source.list({ previous: nothingBefore });
    expect(Object.keys(versions(listing.documents))).toEqual([
      "Page 1",
      "Page 2",
      "Page 3",
      "Page 4",
      "Page 5",
      "Deploy",
      "Runbooks",
    ]);
    expect(listing.failed).toEqual([
      {
        id: broken.id,
        reason: `The notion source could not read the entries of database ${broken.id}: ${fake.url}/v1/data_sources/${broken.id}/query answered HTTP 503`,
      },
    ]);
    const database = listing.documents.find((document) => document.title === "Runbooks") as SourceDocument;
    const requestsBefore = fake.requests.length;
    expect((await source.read(database)).toString("utf8")).toContain(
      "[Deploy](https://www.notion.so/Deploy-",
    );
    expect(fake.requests).toHaveLength(requestsBefore);
  });

  it("says why a page listed a moment ago cannot be read once it is no longer shared", async () => {
    notion = await fiveSharedPages();
    const source = makeNotionSource(notion.url);
    const [first] = (await source.list({ previous: nothingBefore })).documents;
    notion.unshare(ids[0] as string);
    const failure = await failureOf(source.read(first as SourceDocument));
    expect((failure as Error).message).toBe(
      "the page is no longer shared with the integration, or was deleted",
    );
  });

  it("marks a page edited in the last minutes as settling, then reads it once more under its plain time", async () => {
    notion = await fiveSharedPages();
    let now = Date.parse(at(4)) + 40_000;
    const source = makeNotionSource(notion.url, { source: { now: () => now } });
    const early = await source.list({ previous: nothingBefore });
    expect(versions(early.documents)["Page 5"]).toBe(`${at(4)} (settling)`);
    expect(versions(early.documents)["Page 1"]).toBe(at(0));
    now += 10 * 60_000;
    const later = await source.list({ previous: nothingBefore });
    expect(versions(later.documents)["Page 5"]).toBe(at(4));
  });

  it("keeps pages it did not see when Notion says the search stopped short", async () => {
    notion = await fiveSharedPages();
    const fake = notion;
    fake.intercept((request) =>
      request === "POST /v1/search"
        ? {
            status: 200,
            body: JSON.stringify({
              object: "list",
              results: [pageObject({ id: ids[0] as string, title: "Page 1", lastEdited: at(0) })],
              next_cursor: null,
              has_more: false,
              type: "page_or_data_source",
              page_or_data_source: {},
              request_status: { type: "incomplete", incomplete_reason: "query_result_limit_reached" },
            }),
          }
        : undefined,
    );
    const previous: PreviousSync = {
      documents: new Map([
        [ids[0] as string, { version: at(0), scope: "public", title: "Page 1" }],
        [
          ids[1] as string,
          { version: at(1), scope: "public", title: "Page 2", url: "https://www.notion.so/p2" },
        ],
      ]),
      state: undefined,
    };
    const listing = await makeNotionSource(fake.url).list({ previous });
    expect(versions(listing.documents)).toEqual({ "Page 1": at(0), "Page 2": at(1) });
  });
});

describe("a notion entry of the sources file", () => {
  it("needs only the common keys and a token, and refuses a key of its own it does not know", () => {
    expect(notionSource).toMatchObject({ type: "notion", credentials: ["token"] });
    expect(notionSource.settings.safeParse({}).success).toBe(true);
    expect(notionSource.settings.safeParse({ spaces: ["HR"] }).success).toBe(false);
  });
});

describe("the Notion source when Notion refuses, slows down or breaks", () => {
  it("waits the Retry-After of a 429, once per try: the client's own retries are off", async () => {
    notion = await fiveSharedPages();
    const fake = notion;
    const rateLimited = {
      status: 429,
      headers: { "retry-after": "1" },
      body: JSON.stringify(notionError(429, "rate_limited", "You have been rate limited.")),
    };
    fake.intercept((_request, count) => (count === 1 ? rateLimited : undefined));
    const started = Date.now();
    const listing = await makeNotionSource(fake.url).list({ previous: nothingBefore });
    expect(listing.documents).toHaveLength(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.requests).toHaveLength(4);

    // Still limited after every try: three tries (the shared fetch's), not three times three, then one sentence.
    fake.requests.length = 0;
    fake.intercept(() => ({ ...rateLimited, headers: { "retry-after": "0" } }));
    const failure = await failureOf(makeNotionSource(fake.url).list({ previous: nothingBefore }));
    expect(fake.requests).toHaveLength(3);
    expect(isDocentError(failure, "SOURCE_UNAVAILABLE")).toBe(true);
    expect((failure as Error).message).toBe(
      `The notion source could not read the pages shared with its integration: ${fake.url}/v1/search answered HTTP 429`,
    );
  });

  it("rejects a refused token in one sentence that names NOTION_TOKEN, never the token", async () => {
    notion = await fiveSharedPages();
    const failure = await failureOf(
      makeNotionSource(notion.url, { credential: "secret_revoked" }).list({ previous: nothingBefore }),
    );
    expect(isDocentError(failure, "SOURCE_UNAVAILABLE")).toBe(true);
    expect((failure as Error).message).toBe(
      "The notion source was refused (HTTP 401) reading the pages shared with its integration: " +
        "check the integration token in NOTION_TOKEN",
    );
    expect(JSON.stringify(failure)).not.toContain("secret_");
    expect(notion.requests).toEqual(["POST /v1/search"]);
  });

  it("gives up on a server that stops answering mid-listing, within the deadline of each try", async () => {
    notion = await fiveSharedPages();
    notion.intercept((_request, count) => (count >= 2 ? "hang" : undefined));
    const source = makeNotionSource(notion.url, { fetch: { timeoutMs: 300, attempts: 2 } });
    const failure = await failureOf(source.list({ previous: nothingBefore }));
    expect((failure as Error).message).toBe(
      `The notion source: ${notion.url}/v1/search did not answer within 0.3 s (2 tries)`,
    );
    expect(notion.requests).toEqual(["POST /v1/search", "POST /v1/search", "POST /v1/search"]);
  });

  it("stops at once when the run is cancelled", async () => {
    notion = await fiveSharedPages();
    notion.intercept(() => "hang");
    const controller = new AbortController();
    const listing = makeNotionSource(notion.url, { fetch: { timeoutMs: 60_000 } }).list({
      previous: nothingBefore,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const failure = await failureOf(listing);
    expect(isDocentError(failure, "CANCELLED")).toBe(true);
  });

  it("rejects a reply that is not JSON, and JSON that is not a list, each in one sentence", async () => {
    notion = await fiveSharedPages();
    const fake = notion;
    fake.intercept(() => ({ status: 200, body: "<html><body>Sign in to continue</body></html>" }));
    const notJson = await failureOf(makeNotionSource(fake.url).list({ previous: nothingBefore }));
    expect((notJson as Error).message).toBe(
      `The notion source could not read the pages shared with its integration: ${fake.url}/v1/search sent a reply that is not JSON`,
    );
    fake.intercept(() => ({ status: 200, body: JSON.stringify({ object: "list", has_more: false }) }));
    const notList = await failureOf(makeNotionSource(fake.url).list({ previous: nothingBefore }));
    expect((notList as Error).message).toBe(
      "The notion source could not list the pages shared with its integration: Notion's reply holds no list of results",
    );
  });

  it("reports a page whose blocks come back broken as that page's failure, with a sentence", async () => {
    notion = await fiveSharedPages();
    const fake = notion;
    const source = makeNotionSource(fake.url);
    const [first] = (await source.list({ previous: nothingBefore })).documents;
    fake.intercept((request) =>
      request.startsWith("GET /v1/blocks/") ? { status: 200, body: "{oops" } : undefined,
    );
    const failure = await failureOf(source.read(first as SourceDocument));
    expect((failure as Error).message).toBe(
      `The notion source could not read page ${ids[0]}: ${fake.url}/v1/blocks/${ids[0]}/children sent a reply that is not JSON`,
    );
  });
});
