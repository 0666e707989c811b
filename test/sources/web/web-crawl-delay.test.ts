import { describe, expect, it } from "vitest";
import { isDocentError } from "../../../src/errors.js";
import { type Logger, silentLogger } from "../../../src/logging/logger.js";
import { failureOf } from "../../helpers/failure-of.js";
import { handbookSource, nothingIndexed } from "./handbook-site.js";
import { startLoopbackSite } from "./loopback-site.js";

const html = "text/html; charset=utf-8";

/** A site under /docs/ of four pages, the first linking the other three, with the robots.txt given. */
function siteWith(robots: string) {
  return startLoopbackSite({
    "/robots.txt": { type: "text/plain", body: robots },
    "/docs/": {
      type: html,
      body: '<title>Docs</title><a href="a">a</a> <a href="b">b</a> <a href="c">c</a>',
    },
    "/docs/a": { type: html, body: "<title>A</title><p>Alpha.</p>" },
    "/docs/b": { type: html, body: "<title>B</title><p>Bravo.</p>" },
    "/docs/c": { type: html, body: "<title>C</title><p>Charlie.</p>" },
  });
}

const sourceFor = (origin: string, options: Parameters<typeof handbookSource>[1] = {}) =>
  handbookSource(origin, { ...options, settings: { url: `${origin}/docs/`, sitemap: undefined } });

describe("the web source and robots.txt's Crawl-delay", () => {
  it("spaces its requests to the site at least the Crawl-delay of docent's group apart", async () => {
    const server = await siteWith("User-agent: docent\nCrawl-delay: 0.5\nAllow: /\n");
    const listing = await sourceFor(server.site.origin).list({ previous: nothingIndexed });
    expect(listing.documents.map((document) => document.id).sort()).toEqual(["", "a", "b", "c"]);
    const requests = server.takeRequests().sort((one, other) => one.at - other.at);
    expect(requests.map((request) => request.path)).toEqual([
      "/robots.txt",
      "/docs/",
      ...["a", "b", "c"].map(() => expect.stringMatching(/^\/docs\/[abc]$/)),
    ]);
    // Each request starts after the one before it was answered, plus the delay: a lower bound only.
    const gaps = requests.slice(1).map((request, index) => request.at - (requests[index]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(500);
  });

  it("caps a longer Crawl-delay at 30 s with a warning, and a run cancelled while it waits stops at once", async () => {
    const server = await siteWith("User-agent: *\nCrawl-delay: 3600\n");
    const warnings: Array<{ fields: object; message: string }> = [];
    const logger: Logger = {
      ...silentLogger,
      warn: (fields, message) => warnings.push({ fields, message: message ?? "" }),
    };
    const controller = new AbortController();
    const source = sourceFor(server.site.origin, { logger, signal: controller.signal });
    await source.check();
    expect(warnings).toEqual([
      {
        fields: { source: "intranet", crawlDelaySeconds: 3600, usedSeconds: 30 },
        message:
          "the intranet source's site asks for a Crawl-delay of 3600 s in robots.txt: docent waits 30 s between requests",
      },
    ]);
    // The prefix's page waits its turn 30 s after robots.txt; cancelling the run ends the wait.
    const listing = source.list({ previous: nothingIndexed, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    expect(isDocentError(await failureOf(listing), "CANCELLED")).toBe(true);
    expect(server.takeRequests().map((request) => request.path)).toEqual(["/robots.txt"]);
  });
});
