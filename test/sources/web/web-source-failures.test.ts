import { describe, expect, it } from "vitest";
import { isDocentError } from "../../../src/errors.js";
import type { Logger } from "../../../src/logging/logger.js";
import { silentLogger } from "../../../src/logging/logger.js";
import { failureOf } from "../../helpers/failure-of.js";
import {
  handbookIds,
  handbookSource,
  nothingIndexed,
  rememberListing,
  startHandbookSite,
} from "./handbook-site.js";

describe("the web source when the site misbehaves", () => {
  it("waits the Retry-After a 429 asks for, then reads the page", async () => {
    const server = await startHandbookSite();
    const throttled = server.site.entries.get("/handbook/leave/");
    if (throttled !== undefined) throttled.throttle = { times: 1, retryAfter: "1" };
    const listing = await handbookSource(server.site.origin).list({ previous: nothingIndexed });
    expect(listing.documents.map((document) => document.id).sort()).toEqual(handbookIds);
    const leave = server.takeRequests().filter((request) => request.path === "/handbook/leave/");
    expect(leave.map((request) => request.status)).toEqual([429, 200]);
  });

  it("reports a page that keeps failing, keeps its version, and still follows the links it had", async () => {
    const server = await startHandbookSite();
    const source = handbookSource(server.site.origin);
    const before = rememberListing(await source.list({ previous: nothingIndexed }));
    server.site.entries.set("/handbook/leave/", { status: 500 });
    const after = await source.list({ previous: before });
    expect(after.failed).toEqual([
      { id: "leave", reason: expect.stringContaining("could not read a page: http://127.0.0.1") },
    ]);
    expect(after.failed[0]?.reason).toContain("answered HTTP 500");
    // The pages only the failing one links to are still there (their links come from the last sync).
    expect(after.documents.map((document) => document.id).sort()).toEqual(
      handbookIds.filter((id) => id !== "leave"),
    );
  });

  it("fails the whole listing with one sentence when the site stops answering mid-crawl", async () => {
    const server = await startHandbookSite();
    const source = handbookSource(server.site.origin, { timeoutMs: 300, attempts: 1 });
    const before = rememberListing(await source.list({ previous: nothingIndexed }));
    server.site.answerOnly = server.site.requests.length + 3; // robots.txt, the sitemap, the prefix's page
    const error = await failureOf(source.list({ previous: before }));
    expect(isDocentError(error, "SOURCE_UNAVAILABLE")).toBe(true);
    expect(error.message).toMatch(
      /^The intranet source: http:\/\/127\.0\.0\.1:\d+\/handbook\/\S+ did not answer within 0\.3 s$/,
    );
  });

  it("reads a malformed page for what links it has, and refuses a sitemap that is not one", async () => {
    const server = await startHandbookSite();
    server.site.entries.set("/handbook/", {
      type: "text/html",
      body: Buffer.concat([
        Buffer.from([0xff, 0xfe, 0x00, 0x81]),
        Buffer.from(
          "<html><head><title>Broken <b>page</title><a href=\"leave/\"><a href='expenses'>unclosed<div><table><td>" +
            '<!-- an unclosed comment <a href="hidden">',
        ),
      ]),
    });
    const listing = await handbookSource(server.site.origin).list({ previous: nothingIndexed });
    expect(listing.documents.map((document) => document.id).sort()).toEqual([
      "",
      "expenses",
      "expenses?lang=en",
      "leave",
      "leave/parental",
      "only-in-sitemap",
    ]);
    server.site.entries.set("/sitemap.xml", { type: "text/html", body: "<html>Sign in</html>" });
    const error = await failureOf(handbookSource(server.site.origin).list({ previous: nothingIndexed }));
    expect(error.message).toMatch(
      /could not read its sitemap: http:\/\/127\.0\.0\.1:\d+\/sitemap\.xml is not a sitemap/,
    );
  });

  it("refuses in one sentence: a prefix that asks for credentials, robots.txt that cannot be read or says no", async () => {
    const server = await startHandbookSite();
    const { entries, origin } = server.site;
    entries.set("/handbook/", { status: 401 });
    expect((await failureOf(handbookSource(origin).list({ previous: nothingIndexed }))).message).toMatch(
      /^The intranet source was refused \(HTTP 401\) reading a page: check that the pages are readable without signing in/,
    );
    entries.set("/robots.txt", { status: 503 });
    expect((await failureOf(handbookSource(origin, { attempts: 1 }).check())).message).toMatch(
      /^The intranet source could not read the site's robots.txt \(without it no page may be read\): .* answered HTTP 503$/,
    );
    entries.set("/robots.txt", { type: "text/plain", body: "User-agent: docent\nDisallow: /handbook\n" });
    expect((await failureOf(handbookSource(origin).check())).message).toBe(
      `The intranet source may not read ${origin}/handbook/: the site's robots.txt disallows it for docent ` +
        `(ask the site's owners to allow the user agent "docent", or remove the source)`,
    );
    entries.set("/handbook/", { status: 302, location: "https://login.example.com/" });
    entries.delete("/robots.txt");
    expect((await failureOf(handbookSource(origin).list({ previous: nothingIndexed }))).message).toContain(
      "redirects to https://login.example.com/, outside the pages it may read",
    );
  });

  it("stops at the page limit and says so", async () => {
    const server = await startHandbookSite();
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_fields, message) => warnings.push(message ?? "") };
    const source = handbookSource(server.site.origin, { settings: { max_pages: 3 }, logger });
    const listing = await source.list({ previous: nothingIndexed });
    expect(listing.documents).toHaveLength(3);
    expect(listing.skipped.length).toBeGreaterThan(1);
    expect(warnings).toEqual([
      "the intranet source reached its page limit (max_pages: 3): the pages found beyond it are skipped",
    ]);
  });

  it("stops its requests at once when the run is cancelled", async () => {
    const server = await startHandbookSite();
    server.site.answerOnly = 3;
    const controller = new AbortController();
    const source = handbookSource(server.site.origin, { signal: controller.signal, timeoutMs: 60_000 });
    const listing = source.list({ previous: nothingIndexed, signal: controller.signal });
    while (server.site.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(isDocentError(await failureOf(listing), "CANCELLED")).toBe(true);
  });
});
