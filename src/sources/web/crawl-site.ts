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
  const { prefix } = options.request;
  const result: CrawlResult = { pages: [], skipped: [], failed: [], beyondLimit: [] };
  const seen = new Set<string>();
  const queue: URL[] = [];
  const stop = new AbortController();
  const request = { ...options.request, get: withSignal(options.request.get, stop.signal) };
  let failuresInARow = 0;

  const enqueue = (url: URL | null): void => {
    if (url === null || !isUnderPrefix(url, prefix) || isNeverADocument(url)) return;
    const id = pageId(url, prefix);
    if (seen.has(id)) return;
    seen.add(id);
    if (seen.size > options.maxPages) {
      result.beyondLimit.push(id);
      return;
    }
    const known = options.known.get(id);
    queue.push(known === undefined ? url : absoluteAddress(known.at, prefix));
  };
  const follow = (links: readonly string[] | undefined) => {
    for (const link of links ?? []) enqueue(absoluteAddress(link, prefix));
  };

  const visit = async (url: URL, isPrefix = false): Promise<void> => {
    if (options.signal?.aborted) throw new DocentError("CANCELLED", "The sync was cancelled");
    const id = pageId(url, prefix);
    if (!options.robots.allows(url)) {
      if (isPrefix) throw disallowedPrefix(request.source, prefix);
      result.skipped.push(id);
      return;
    }
    const before = options.previous.documents.get(id);
    const known = options.known.get(id);
    let outcome: PageOutcome;
    try {
      outcome = await fetchPage(url, known === undefined ? undefined : before?.version, request);
      failuresInARow = 0;
    } catch (error) {
      failuresInARow += 1;
      if (isPrefix || isDocentError(error, "CANCELLED") || failuresInARow >= failuresMeaningDown) throw error;
      result.failed.push({ id, reason: error instanceof Error ? error.message : String(error) });
      follow(known?.links);
      return;
    }
    if (isPrefix) throwUnlessPrefixRead(outcome, request.source, prefix);
    if (outcome.kind === "unchanged" && before !== undefined && known !== undefined) {
      const title = before.title === undefined ? {} : { title: before.title };
      result.pages.push({
        id,
        url: outcome.url,
        mediaType: known.type,
        version: before.version,
        ...title,
        known,
      });
      follow(known.links);
    } else if (outcome.kind === "page") {
      const page = readOutcome(id, outcome, prefix, before?.version);
      result.pages.push(page);
      follow(page.known.links);
    } else if (outcome.kind === "moved") {
      enqueue(outcome.to);
    } else if (outcome.kind === "other") {
      result.skipped.push(id);
    } else if (outcome.kind === "failed") {
      result.failed.push({ id, reason: outcome.error.message });
      follow(known?.links);
    }
  };

  enqueue(prefix.start);
  const first = queue.shift() as URL;
  await visit(first, true);
  for (const seed of options.seeds) enqueue(normaliseAddress(seed));
  await drainQueue(
    queue,
    options.workers,
    (url) => visit(url),
    () => stop.abort(),
  );
  return result;
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
