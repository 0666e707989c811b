/**
 * The part of a site a web source reads: the pages whose address starts with a prefix. Addresses are compared in
 * one normal form (fragment dropped, query kept, a trailing slash not making another page), and a page's id is its
 * path relative to the prefix, so that it stays the same from one sync to the next.
 */
export interface SitePrefix {
  /** "https://intranet.example.com" */
  origin: string;
  /** The prefix's path without a trailing slash: "/handbook" ("" for a whole site). */
  path: string;
  /** The address the crawl starts from: the prefix as written, fragment dropped. */
  start: URL;
}

export function parsePrefix(address: string): SitePrefix {
  const start = new URL(address);
  start.hash = "";
  return { origin: start.origin, path: start.pathname.replace(/\/+$/, ""), start };
}

/** An http(s) address as the crawl compares it (fragment dropped), or null for mailto:, javascript:, junk. */
export function normaliseAddress(href: string, base?: URL | string): URL | null {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  return url;
}

/** Whether a page is under the prefix: same origin, and its path is the prefix's or goes on below it. */
export function isUnderPrefix(url: URL, prefix: SitePrefix): boolean {
  if (url.origin !== prefix.origin) return false;
  const path = url.pathname;
  return path === prefix.path || path === `${prefix.path}/` || path.startsWith(`${prefix.path}/`);
}

/**
 * A page's id: its path below the prefix without the slashes around it, then its query ("leave/parental?lang=en");
 * "" for the prefix's own page. "/handbook/leave" and "/handbook/leave/" are the same page.
 */
export function pageId(url: URL, prefix: SitePrefix): string {
  const below = url.pathname.slice(prefix.path.length).replace(/^\/+/, "").replace(/\/+$/, "");
  return below + url.search;
}

/** A page's address as the crawl state keeps it (short, exact as fetched): its path below the prefix and query. */
export function relativeAddress(url: URL, prefix: SitePrefix): string {
  return url.pathname.slice(prefix.path.length) + url.search;
}

/** The page a relative address from the crawl state names. */
export function absoluteAddress(relative: string, prefix: SitePrefix): URL {
  return new URL(`${prefix.origin}${prefix.path}${relative}`);
}
