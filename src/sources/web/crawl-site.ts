import { DocentError, isDocentError } from "../../errors.js";
import type { PreviousSync, SourceProblem } from "../document-source.js";
import { documentMediaTypes } from "../media-types.js";
import type { KnownPage } from "./crawl-state.js";
import { fetchPage, type PageOutcome, type PageRequest } from "./fetch-page.js";
import { outlinePage } from "./page-links.js";
import { disallowedPrefix, type RobotsRules } from "./robots-rules.js";
import {
  absoluteAddress,
  isUnderPrefix,
  normaliseAddress,
  pageId,
  relativeAddress,
  type SitePrefix,
} from "./site-prefix.js";
import { isNeverADocument } from "./skipped-addresses.js";
import { drainQueue } from "./work-pool.js";

export interface CrawlOptions {
  request: PageRequest;
  /** Addresses to start from besides the prefix (the sitemap's). */
  seeds: readonly string[];
  previous: PreviousSync;
  known: ReadonlyMap<string, KnownPage>;
  robots: RobotsRules;
  maxPages: number;
  workers: number;
  signal?: AbortSignal;
}

/** A page the crawl found: its bytes only when it changed (an unchanged one is not read again). */
export interface CrawledPage {
  id: string;
  url: URL;
  mediaType: string;
  version: string;
  title?: string;
  bytes?: Buffer;
  known: KnownPage;
}

export interface CrawlResult {
  pages: CrawledPage[];
  skipped: string[];
  failed: SourceProblem[];
  /** Pages found past the page limit, not read. */
  beyondLimit: string[];
}

/** Requests that fail outright (no answer, no connection) this many times in a row mean the site is down. */
const failuresMeaningDown = 3;

/**
 * Crawls the pages under the prefix, breadth first from the prefix's own page and the sitemap's: each page asked
 * for conditionally (an unchanged one answers 304 and its links come from the state), links followed within the
 * prefix, robots.txt obeyed, at most maxPages pages. A page that fails keeps its previous version and its known
 * links are followed all the same, so that nothing behind it is lost; a prefix page that cannot be read, or a site
 * that stops answering, fails the whole crawl.
 */
export async function crawlSite(options: CrawlOptions): Promise<CrawlResult> {
  const stop = new AbortController();
  const crawl = startCrawl({
    ...options,
    request: { ...options.request, get: withSignal(options.request.get, stop.signal) },
  });
  crawl.enqueue(options.request.prefix.start);
  await visitPage(crawl, crawl.queue.shift() as URL, true);
  for (const seed of options.seeds) crawl.enqueue(normaliseAddress(seed));
  await drainQueue(
    crawl.queue,
    options.workers,
    (url) => visitPage(crawl, url),
    () => stop.abort(),
  );
  return crawl.result;
}

/** A crawl under way: what it found so far, and the pages still to visit. */
interface Crawl {
  options: CrawlOptions;
  result: CrawlResult;
  queue: URL[];
  /** Queues a page under the prefix that was not seen before (within the page limit). */
  enqueue(url: URL | null): void;
  /** Queues the pages of links kept in the crawl state (relative addresses). */
  follow(links: readonly string[] | undefined): void;
  failuresInARow: number;
}

function startCrawl(options: CrawlOptions): Crawl {
  const { prefix } = options.request;
  const seen = new Set<string>();
  const crawl: Crawl = {
    options,
    result: { pages: [], skipped: [], failed: [], beyondLimit: [] },
    queue: [],
    failuresInARow: 0,
    enqueue(url) {
      if (url === null || !isUnderPrefix(url, prefix) || isNeverADocument(url)) return;
      const id = pageId(url, prefix);
      if (seen.has(id)) return;
      seen.add(id);
      if (seen.size > options.maxPages) {
        crawl.result.beyondLimit.push(id);
        return;
      }
      const known = options.known.get(id);
      crawl.queue.push(known === undefined ? url : absoluteAddress(known.at, prefix));
    },
    follow(links) {
      for (const link of links ?? []) crawl.enqueue(absoluteAddress(link, prefix));
    },
  };
  return crawl;
}

/** Asks for one page (conditionally when the index holds it) and takes what came back. */
async function visitPage(crawl: Crawl, url: URL, isPrefix = false): Promise<void> {
  const { options, result } = crawl;
  const { prefix, source } = options.request;
  if (options.signal?.aborted) throw new DocentError("CANCELLED", "The sync was cancelled");
  const id = pageId(url, prefix);
  if (!options.robots.allows(url)) {
    if (isPrefix) throw disallowedPrefix(source, prefix);
    result.skipped.push(id);
    return;
  }
  const known = options.known.get(id);
  const indexed = options.previous.documents.get(id);
  let outcome: PageOutcome;
  try {
    // Asked for conditionally only when its links are known too: a 304 must not cut the crawl short.
    outcome = await fetchPage(url, known === undefined ? undefined : indexed?.version, options.request);
    crawl.failuresInARow = 0;
  } catch (error) {
    crawl.failuresInARow += 1;
    const down = crawl.failuresInARow >= failuresMeaningDown;
    if (isPrefix || down || isDocentError(error, "CANCELLED")) throw error;
    result.failed.push({ id, reason: error instanceof Error ? error.message : String(error) });
    crawl.follow(known?.links);
    return;
  }
  if (isPrefix) throwUnlessPrefixRead(outcome, source, prefix);
  takeOutcome(crawl, id, outcome, indexed, known);
}

function takeOutcome(
  crawl: Crawl,
  id: string,
  outcome: PageOutcome,
  indexed: { version: string; title?: string } | undefined,
  known: KnownPage | undefined,
): void {
  const { result } = crawl;
  if (outcome.kind === "unchanged" && indexed !== undefined && known !== undefined) {
    const title = indexed.title === undefined ? {} : { title: indexed.title };
    result.pages.push({
      id,
      url: outcome.url,
      mediaType: known.type,
      version: indexed.version,
      ...title,
      known,
    });
    crawl.follow(known.links);
  } else if (outcome.kind === "page") {
    const page = readOutcome(id, outcome, crawl.options.request.prefix, indexed?.version);
    result.pages.push(page);
    crawl.follow(page.known.links);
  } else if (outcome.kind === "moved") {
    crawl.enqueue(outcome.to);
  } else if (outcome.kind === "other") {
    result.skipped.push(id);
  } else if (outcome.kind === "failed") {
    result.failed.push({ id, reason: outcome.error.message });
    crawl.follow(known?.links);
  }
}

/** A page that was downloaded: its title and links when it is HTML; its bytes kept only when it changed. */
function readOutcome(
  id: string,
  outcome: Extract<PageOutcome, { kind: "page" }>,
  prefix: SitePrefix,
  indexed: string | undefined,
): CrawledPage {
  const outline =
    outcome.mediaType === documentMediaTypes.html ? outlinePage(outcome.bytes, outcome.url) : { links: [] };
  const links = new Set<string>();
  for (const link of outline.links) {
    const url = normaliseAddress(link);
    if (url !== null && isUnderPrefix(url, prefix) && !isNeverADocument(url))
      links.add(relativeAddress(url, prefix));
  }
  const known = { at: relativeAddress(outcome.url, prefix), type: outcome.mediaType, links: [...links] };
  return {
    id,
    url: outcome.url,
    mediaType: outcome.mediaType,
    version: outcome.version,
    ...(outline.title === undefined ? {} : { title: outline.title }),
    ...(outcome.version === indexed ? {} : { bytes: outcome.bytes }),
    known,
  };
}

/** The prefix's own page must be there: else the address in the sources file is wrong, or the site is down. */
function throwUnlessPrefixRead(outcome: PageOutcome, source: string, prefix: SitePrefix): void {
  if (outcome.kind === "failed") throw outcome.error;
  const address = prefix.start.href;
  if (outcome.kind === "gone") {
    throw new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${source} source found no page at ${address} (HTTP ${outcome.status}): check its url in the sources file`,
    );
  }
  if (outcome.kind === "moved" && !isUnderPrefix(outcome.to, prefix)) {
    throw new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${source} source: ${address} redirects to ${outcome.to.href}, outside the pages it may read: ` +
        "set its url in the sources file to where the pages are now",
    );
  }
}

function withSignal(get: PageRequest["get"], stop: AbortSignal): PageRequest["get"] {
  return (url, headers) => get(url, headers, stop);
}
