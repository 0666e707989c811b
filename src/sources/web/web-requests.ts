import type { SourceContext } from "../source-kind.js";
import type { PageRequest } from "./fetch-page.js";
import { disallowedPrefix, type RobotsRules, readRobotsRules, userAgent } from "./robots-rules.js";
import type { SitePrefix } from "./site-prefix.js";

/** How the web source asks for things, every request through the source's fetch and naming docent. */
export interface WebRequests {
  /** Pages: redirects handed back to the crawl, conditional headers added by it. */
  pages(signal?: AbortSignal): PageRequest;
  /** robots.txt and sitemaps: redirects followed. */
  files(signal?: AbortSignal): (url: URL) => Promise<Response>;
  /** The site's robots.txt rules; refused with a sentence when they keep docent from the prefix itself. */
  robots(signal?: AbortSignal): Promise<RobotsRules>;
}

export function webRequests(
  source: string,
  prefix: SitePrefix,
  maxPageBytes: number,
  context: Pick<SourceContext, "fetch">,
): WebRequests {
  const files = (signal?: AbortSignal) => (url: URL) =>
    context.fetch(url, { headers: { "user-agent": userAgent }, ...(signal ? { signal } : {}) });
  return {
    pages: (signal) => ({
      prefix,
      source,
      maxBytes: maxPageBytes,
      get: (url, headers, stop) =>
        context.fetch(url, {
          headers: { "user-agent": userAgent, ...headers },
          redirect: "manual",
          signal: AbortSignal.any([stop, signal].filter((one) => one !== undefined)),
        }),
    }),
    files,
    async robots(signal) {
      const rules = await readRobotsRules(prefix, files(signal), source);
      if (!rules.allows(prefix.start)) throw disallowedPrefix(source, prefix);
      return rules;
    },
  };
}
