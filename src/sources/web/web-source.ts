import { z } from "zod";
import { DocentError } from "../../errors.js";
import type { DocumentSource, PreviousSync, SourceDocument, SourceListing } from "../document-source.js";
import type { SourceContext, SourceEntry, SourceKind } from "../source-kind.js";
import { type CrawledPage, type CrawlResult, crawlSite } from "./crawl-site.js";
import { readCrawlState, writeCrawlState } from "./crawl-state.js";
import { fetchPage } from "./fetch-page.js";
import type { RobotsRules } from "./robots-rules.js";
import { parsePrefix } from "./site-prefix.js";
import { readSitemap } from "./sitemap.js";
import { type WebRequests, webRequests } from "./web-requests.js";

const webAddress = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// address" })
  .refine((address) => new URL(address).username === "" && new URL(address).password === "", {
    error: "must not hold a user name or password (docent reads pages that need no sign-in)",
  });

/** An entry of type web: the pages under `url` (and those of the sitemap under it). */
export const webSettings = z.strictObject({
  url: webAddress,
  sitemap: webAddress.optional(),
  /** The most pages one sync reads; pages found beyond it are reported and left out. */
  max_pages: z.number().int().min(1).max(1_000_000).default(5_000),
  /** Requests in flight at once: the politeness limit (the source's fetch enforces it too). */
  max_in_flight: z.number().int().min(1).max(32).default(4),
  /** A larger page or file is reported, not read. */
  max_page_mb: z.number().positive().max(1024).default(20),
});

export type WebSettings = z.output<typeof webSettings>;

export const webSource: SourceKind<WebSettings> = {
  type: "web",
  settings: webSettings,
  credentials: [],
  requestsInFlight: (settings) => settings.max_in_flight,
  create: createWebSource,
};

/** How long robots.txt read by check() is trusted by the list() that follows it in the same run. */
const robotsReuseMs = 60_000;

function createWebSource(entry: SourceEntry<WebSettings>, context: SourceContext): DocumentSource {
  const prefix = parsePrefix(entry.settings.url);
  const requests = webRequests(entry.name, prefix, entry.settings.max_page_mb * 1024 * 1024, context);
  /** The bytes of the pages that changed, from listing to reading (each handed out once). */
  const changed = new Map<string, Buffer>();
  let checked: { rules: RobotsRules; at: number } | undefined;
  return {
    name: entry.name,
    kind: "web",
    location: `the web pages under ${prefix.start.href}`,
    keyPrefix: `${entry.name}/`,
    async check(signal) {
      checked = { rules: await requests.robots(signal), at: Date.now() };
    },
    async list({ signal, previous }): Promise<SourceListing> {
      const scope = context.scopeOf();
      if (scope === null) throw noScope(entry.name);
      const fresh =
        checked !== undefined && Date.now() - checked.at < robotsReuseMs ? checked.rules : undefined;
      checked = undefined;
      const robots = fresh ?? (await requests.robots(signal));
      changed.clear();
      const crawl = await crawlEntry(entry, requests, { robots, previous, ...(signal ? { signal } : {}) });
      reportCrawl(crawl, entry.name, entry.settings, context);
      for (const page of crawl.pages) if (page.bytes !== undefined) changed.set(page.id, page.bytes);
      return {
        documents: crawl.pages.map((page) => asDocument(page, scope)),
        skipped: [...crawl.skipped, ...crawl.beyondLimit],
        failed: crawl.failed,
        state: writeCrawlState(crawl.pages.map((page) => [page.id, page.known])),
      };
    },
    async read(document, signal): Promise<Buffer> {
      const bytes = changed.get(document.id);
      changed.delete(document.id);
      if (bytes !== undefined) return bytes;
      // Listed as unchanged but wanted all the same (its scope changed, the index is rebuilt): asked for whole.
      const outcome = await fetchPage(new URL(document.url ?? ""), undefined, requests.pages(signal));
      if (outcome.kind === "page") return outcome.bytes;
      throw new Error(
        outcome.kind === "failed" ? outcome.error.message : `the page is ${outcome.kind} since listing`,
      );
    },
  };
}

/** The sitemap's pages (when there is one), then the crawl from the prefix. */
async function crawlEntry(
  entry: SourceEntry<WebSettings>,
  requests: WebRequests,
  run: { robots: RobotsRules; previous: PreviousSync; signal?: AbortSignal },
): Promise<CrawlResult> {
  const { settings } = entry;
  const seeds = settings.sitemap
    ? await readSitemap(settings.sitemap, requests.files(run.signal), entry.name)
    : [];
  return crawlSite({
    ...run,
    request: requests.pages(run.signal),
    seeds,
    known: readCrawlState(run.previous.state),
    maxPages: settings.max_pages,
    workers: settings.max_in_flight,
  });
}

function asDocument(page: CrawledPage, scope: string): SourceDocument {
  const title = page.title === undefined ? {} : { title: page.title };
  return {
    id: page.id,
    scope,
    version: page.version,
    mediaType: page.mediaType,
    url: page.url.href,
    ...title,
  };
}

function reportCrawl(
  crawl: CrawlResult,
  source: string,
  settings: WebSettings,
  context: SourceContext,
): void {
  const changed = crawl.pages.filter((page) => page.bytes !== undefined).length;
  context.logger.info(
    {
      source,
      pages: crawl.pages.length,
      changed,
      failed: crawl.failed.length,
      skipped: crawl.skipped.length,
    },
    "web pages listed",
  );
  if (crawl.beyondLimit.length === 0) return;
  context.logger.warn(
    { source, maxPages: settings.max_pages, beyondLimit: crawl.beyondLimit.length },
    `the ${source} source reached its page limit (max_pages: ${settings.max_pages}): the pages found beyond it are skipped`,
  );
}

function noScope(source: string): DocentError {
  return new DocentError(
    "CONFIG_INVALID",
    `The ${source} source has no scope for its pages: give its entry in the sources file a scope`,
  );
}
