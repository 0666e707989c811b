import { describe, expect, it } from "vitest";
import type { SourceListing } from "../../../src/sources/document-source.js";
import { webSettings } from "../../../src/sources/web/web-source.js";
import {
  documentOf,
  handbookIds,
  handbookSource,
  nothingIndexed,
  rememberListing,
  startHandbookSite,
} from "./handbook-site.js";
import { startLoopbackSite } from "./loopback-site.js";

const ids = (listing: SourceListing) => listing.documents.map((document) => document.id).sort();
const changedIds = (listing: SourceListing, before: ReturnType<typeof rememberListing>) =>
  listing.documents
    .filter((document) => before.documents.get(document.id)?.version !== document.version)
    .map((document) => document.id)
    .sort();

describe("the web source, synced against a loopback site", () => {
  it("lists the pages under the prefix on a first sync: links and sitemap within it, robots.txt obeyed", async () => {
    const server = await startHandbookSite();
    const origin = server.site.origin;
    const source = handbookSource(origin);
    await source.check();
    const listing = await source.list({ previous: nothingIndexed });

    expect(ids(listing)).toEqual(handbookIds);
    expect(listing.skipped).toEqual(["private/salaries"]);
    expect(listing.failed).toEqual([]);
    const byId = new Map(listing.documents.map((document) => [document.id, document]));
    expect(byId.get("leave")).toMatchObject({
      scope: "public",
      mediaType: "text/html",
      title: "Leave policy",
      url: `${origin}/handbook/leave/`,
      version: expect.stringMatching(/^etag "/),
    });
    expect(byId.get("leave/parental")?.version).toBe("modified Mon, 07 Dec 2026 09:00:00 GMT");
    expect(byId.get("only-in-sitemap")?.version).toMatch(/^sha256 [0-9a-f]{64}$/);
    expect(byId.get("benefits.pdf")?.mediaType).toBe("application/pdf");
    expect(byId.get("runbook.docx")?.mediaType).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );

    const requests = server.takeRequests();
    const paths = requests.map((request) => request.path);
    // Each page once; nothing outside the prefix, nothing robots.txt disallows, no image.
    expect(paths.filter((path) => path.startsWith("/handbook/")).sort()).toEqual(
      handbookIds.map((id) => `/handbook/${id}${id === "leave" ? "/" : ""}`).sort(),
    );
    expect(paths.filter((path) => !path.startsWith("/handbook/")).sort()).toEqual([
      "/robots.txt",
      "/sitemap.xml",
    ]);
    expect(new Set(requests.map((request) => request.userAgent))).toEqual(
      new Set(["docent/1 (a company's document search; robots.txt: docent)"]),
    );

    // Reading a listed page costs no request: its bytes came with the listing.
    const leave = await source.read(documentOf(listing, "leave"));
    expect(leave.toString()).toContain("25 days of paid leave");
    expect(server.takeRequests()).toEqual([]);
  });

  it("re-syncs an unchanged site with one conditional request per page, following links of unchanged pages", async () => {
    const server = await startHandbookSite();
    const source = handbookSource(server.site.origin);
    const before = rememberListing(await source.list({ previous: nothingIndexed }));
    server.takeRequests();

    const again = await source.list({ previous: before });
    expect(ids(again)).toEqual(handbookIds);
    expect(changedIds(again, before)).toEqual([]);
    const pages = server.takeRequests().filter((request) => request.path.startsWith("/handbook/"));
    expect(pages).toHaveLength(handbookIds.length);
    // The page without a validator is downloaded again (and found unchanged by its hash); every other one is a 304.
    const notModified = pages.filter((request) => request.status === 304).map((request) => request.path);
    expect(notModified.sort()).toEqual(
      pages
        .map((request) => request.path)
        .filter((path) => path !== "/handbook/only-in-sitemap")
        .sort(),
    );
    expect(
      pages.every((request) => request.conditional || request.path === "/handbook/only-in-sitemap"),
    ).toBe(true);
  });

  it("sees an edit, an addition, a deletion, a page moved within the prefix and one moved out", async () => {
    const server = await startHandbookSite();
    const { origin, entries } = server.site;
    const source = handbookSource(origin);
    const before = rememberListing(await source.list({ previous: nothingIndexed }));
    server.takeRequests();

    entries.set("/handbook/leave/", {
      type: "text/html",
      body: '<title>Leave policy</title><p>Everyone gets 28 days of paid leave a year.</p><a href="parental">x</a><a href="sabbatical">new</a>',
    });
    entries.set("/handbook/leave/sabbatical", {
      type: "text/html",
      body: "<title>Sabbatical</title><p>Ask HR.</p>",
    });
    entries.delete("/handbook/expenses?lang=en");
    entries.set("/handbook/leave/parental", { status: 301, location: "/elsewhere/parental" });
    entries.set("/handbook/expenses", { status: 308, location: `${origin}/handbook/money/expenses` });
    entries.set("/handbook/money/expenses", {
      type: "text/html",
      body: "<title>Expenses</title><p>30 days.</p>",
    });
    const after = await source.list({ previous: before });

    expect(ids(after)).toEqual(
      [
        "",
        "benefits.pdf",
        "leave",
        "leave/sabbatical",
        "money/expenses",
        "only-in-sitemap",
        "runbook.docx",
      ].sort(),
    );
    expect(changedIds(after, before)).toEqual(["leave", "leave/sabbatical", "money/expenses"]);
    expect((await source.read(documentOf(after, "leave"))).toString()).toContain("28 days");
    const paths = server.takeRequests().map((request) => request.path);
    expect(paths).not.toContain("/elsewhere/parental");
  });

  it("keeps one address per page: a link without the trailing slash is redirected once, then asked for directly", async () => {
    const server = await startLoopbackSite({
      "/robots.txt": { status: 404 },
      "/team": { status: 301, location: "/team/" },
      "/team/": {
        type: "text/html",
        body: '<title>Team</title><a href="/team">self</a><a href="people#a">p</a>',
      },
      "/team/people": { type: "text/html", body: '<title>People</title><a href="/team/">up</a>' },
    });
    const source = handbookSource(server.site.origin, {
      settings: { url: `${server.site.origin}/team`, sitemap: undefined },
    });
    const first = await source.list({ previous: nothingIndexed });
    expect(first.documents.map((document) => [document.id, document.url])).toEqual([
      ["", `${server.site.origin}/team/`],
      ["people", `${server.site.origin}/team/people`],
    ]);
    expect(server.takeRequests().map((request) => request.path)).toEqual([
      "/robots.txt",
      "/team",
      "/team/",
      "/team/people",
    ]);
    await source.list({ previous: rememberListing(first) });
    expect(server.takeRequests().map((request) => [request.path, request.status])).toEqual([
      ["/robots.txt", 404],
      ["/team/", 304],
      ["/team/people", 304],
    ]);
  });
});

describe("the web source's settings and reads", () => {
  it("refuses an address that is not http(s) or holds credentials, a misspelt key, and fills in the limits", () => {
    const problems = (settings: unknown) =>
      webSettings
        .safeParse(settings)
        .error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(problems({ url: "ftp://intranet.example/handbook/" })).toEqual([
      "url: must be an http:// or https:// address",
    ]);
    expect(problems({ url: "https://me:secret@intranet.example/" })).toEqual([
      "url: must not hold a user name or password (docent reads pages that need no sign-in)",
    ]);
    expect(problems({ url: "https://intranet.example/", max_page: 10 })?.[0]).toContain("max_page");
    expect(webSettings.parse({ url: "https://intranet.example/handbook/" })).toEqual({
      url: "https://intranet.example/handbook/",
      max_pages: 5_000,
      max_in_flight: 4,
      max_page_mb: 20,
    });
  });

  it("reads an unchanged page whole when the ingest wants it after all (its scope changed)", async () => {
    const server = await startHandbookSite();
    const source = handbookSource(server.site.origin);
    const before = rememberListing(await source.list({ previous: nothingIndexed }));
    const again = await source.list({ previous: before });
    server.takeRequests();
    const bytes = await source.read(documentOf(again, "leave/parental"));
    expect(bytes.toString()).toContain("16 weeks");
    expect(
      server.takeRequests().map((request) => [request.path, request.status, request.conditional]),
    ).toEqual([["/handbook/leave/parental", 200, false]]);
  });
});
