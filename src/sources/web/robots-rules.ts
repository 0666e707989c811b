import robotsParserModule from "robots-parser";
import { DocentError } from "../../errors.js";
import { httpFailure } from "../http/http-failure.js";
import type { SitePrefix } from "./site-prefix.js";

// The package is CommonJS (module.exports is the function) while its types declare a default export.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** The name robots.txt rules address docent by. */
export const robotsName = "docent";
/** What every request of the web source says it is (robots.txt rules for "docent" apply to it). */
export const userAgent = "docent/1 (a company's document search; robots.txt: docent)";

export interface RobotsRules {
  allows(url: URL): boolean;
  /** The Crawl-delay of docent's group (or of *), in seconds, as the site wrote it; 0 when there is none. */
  crawlDelaySeconds: number;
}

const allowEverything: RobotsRules = { allows: () => true, crawlDelaySeconds: 0 };

/**
 * The site's robots.txt rules for docent (RFC 9309): a site with none (4xx) may be read whole; a robots.txt that
 * cannot be had (5xx after retries, unreachable) means nothing may be read, so the source fails with a sentence
 * and keeps what it has.
 */
export async function readRobotsRules(
  prefix: SitePrefix,
  request: (url: URL) => Promise<Response>,
  source: string,
): Promise<RobotsRules> {
  const address = new URL("/robots.txt", prefix.origin);
  const response = await request(address);
  if (response.status >= 400 && response.status < 500) {
    await response.body?.cancel().catch(() => undefined);
    return allowEverything;
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw httpFailure(response, {
      source,
      what: "the site's robots.txt (without it no page may be read)",
      credentials: "that the site lets docent read it",
      permission: `access to ${address.href} for docent`,
    });
  }
  const rules = robotsParser(address.href, await response.text());
  const delay = rules.getCrawlDelay(robotsName);
  return {
    allows: (url) => rules.isAllowed(url.href, robotsName) !== false,
    crawlDelaySeconds: typeof delay === "number" && delay > 0 ? delay : 0,
  };
}

/** The sentence for a prefix that robots.txt keeps docent from. */
export function disallowedPrefix(source: string, prefix: SitePrefix): DocentError {
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${source} source may not read ${prefix.start.href}: the site's robots.txt disallows it for docent ` +
      `(ask the site's owners to allow the user agent "${robotsName}", or remove the source)`,
  );
}
