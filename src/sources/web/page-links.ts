import { parse } from "node-html-parser";

export interface PageOutline {
  /** The text of <title>, when the page has one. */
  title?: string;
  /** The addresses its links point to, resolved against the page (or its <base href>), in page order. */
  links: string[];
}

/**
 * What the crawl needs from an HTML page: its title and where its links go. Links a page asks crawlers not to
 * follow (rel="nofollow", or a robots meta tag with nofollow) are left out; the page's text is the HTML loader's
 * business.
 */
export function outlinePage(bytes: Uint8Array, address: URL): PageOutline {
  const html = withoutComments(new TextDecoder("utf-8").decode(bytes));
  const root = parse(html, { comment: false, blockTextElements: { script: false, style: false } });
  const title = root.querySelector("title")?.text.replace(/\s+/g, " ").trim();
  const robots = root.querySelector('meta[name="robots" i]')?.getAttribute("content") ?? "";
  const base = resolve(root.querySelector("base[href]")?.getAttribute("href"), address) ?? address;
  const links: string[] = [];
  if (!/\bnofollow\b|\bnone\b/i.test(robots)) {
    for (const anchor of root.querySelectorAll("a[href], area[href]")) {
      if (/\bnofollow\b/i.test(anchor.getAttribute("rel") ?? "")) continue;
      const target = resolve(anchor.getAttribute("href"), base);
      if (target !== undefined) links.push(target.href);
    }
  }
  return { ...(title ? { title } : {}), links };
}

function resolve(href: string | undefined, base: URL): URL | undefined {
  if (href === undefined) return undefined;
  try {
    return new URL(href.trim(), base);
  } catch {
    return undefined;
  }
}

/**
 * Comments hold no links. Taking them out first, in one linear scan, spares the parser its comment pattern, which
 * takes quadratic time on a page of unclosed "<!--"; an unclosed comment runs to the end, as in a browser.
 */
function withoutComments(html: string): string {
  const parts: string[] = [];
  let position = 0;
  while (true) {
    const open = html.indexOf("<!--", position);
    if (open === -1) break;
    parts.push(html.slice(position, open));
    const close = html.indexOf("-->", open + 4);
    if (close === -1) return parts.join("");
    position = close + 3;
  }
  parts.push(html.slice(position));
  return parts.join("");
}
