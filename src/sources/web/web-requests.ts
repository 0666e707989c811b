import type { SourceContext } from "../source-kind.js";
import type { PageRequest } from "./fetch-page.js";
import { createHostPace } from "./host-pace.js";
import { disallowedPrefix, type RobotsRules, readRobotsRules, userAgent } from "./robots-rules.js";
import type { SitePrefix } from "./site-prefix.js";

/** The longest Crawl-delay honoured: a site asking for more is read at this pace, and the log says so. */
export const longestCrawlDelayMs = 30_000;

/** How the web source asks for things, every request through the source's fetch and naming docent. */
export interface WebRequests {
  /** Pages: redirects handed back to the crawl, conditional headers added by it. */
  pages(signal?: AbortSignal): PageRequest;
  /** robots.txt and sitemaps: redirects followed. */
  files(signal?: AbortSignal): (url: URL) => Promise<Response>;
  /**
   * The site's robots.txt rules; refused with a sentence when they keep docent from the prefix itself. Its
   * Crawl-delay spaces every later request to the site's host.
   */
  robots(signal?: AbortSignal): Promise<RobotsRules>;
}

export function webRequests(
  source: string,
  prefix: SitePrefix,
  maxPageBytes: number,
  context: Pick<SourceContext, "fetch" | "logger">,
): WebRequests {
  const pace = createHostPace();
  /** One GET; those to the site's own host wait their turn when robots.txt asks for a Crawl-delay. */
  const get = (url: URL, init: RequestInit & { signal?: AbortSignal }) =>
    url.origin === prefix.origin
      ? pace.run(() => context.fetch(url, init), init.signal)
      : context.fetch(url, init);
  const files = (signal?: AbortSignal) => (url: URL) =>
    get(url, { headers: { "user-agent": userAgent }, ...(signal ? { signal } : {}) });
  return {
    pages: (signal) => ({
      prefix,
      source,
      maxBytes: maxPageBytes,
      get: (url, headers, stop) =>
        get(url, {
          headers: { "user-agent": userAgent, ...headers },
          redirect: "manual",
          signal: AbortSignal.any([stop, signal].filter((one) => one !== undefined)),
        }),
    }),
    files,
    async robots(signal) {
      const rules = await readRobotsRules(prefix, files(signal), source);
      if (!rules.allows(prefix.start)) throw disallowedPrefix(source, prefix);
      pace.setDelay(crawlDelayMs(rules.crawlDelaySeconds, source, context.logger));
      return rules;
    },
  };
}

/** robots.txt's Crawl-delay in milliseconds, capped at 30 s (a larger one is logged as capped). */
function crawlDelayMs(seconds: number, source: string, logger: SourceContext["logger"]): number {
  const asked = seconds * 1000;
  if (asked <= longestCrawlDelayMs) return asked;
  logger.warn(
    { source, crawlDelaySeconds: seconds, usedSeconds: longestCrawlDelayMs / 1000 },
    `the ${source} source's site asks for a Crawl-delay of ${seconds} s in robots.txt: docent waits ${longestCrawlDelayMs / 1000} s between requests`,
  );
  return longestCrawlDelayMs;
}
