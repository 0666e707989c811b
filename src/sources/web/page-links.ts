import { decodeEntities } from "./html-entities.js";

export interface PageOutline {
  /** The text of <title>, when the page has one. */
  title?: string;
  /** The addresses its links point to, resolved against the page (or its <base href>), in page order. */
  links: string[];
}

/**
 * What the crawl needs from an HTML page: its title and where its links go (<a href>, <area href>). Links a page
 * asks crawlers not to follow (rel="nofollow", a robots meta tag saying nofollow) are left out. It reads start
 * tags the way a browser's tokenizer finds them, so that a page whose elements are badly nested or never closed
 * still gives every link; comments, scripts and styles hold none. Linear in the page's length, whatever it holds.
 */
export function outlinePage(bytes: Uint8Array, address: URL): PageOutline {
  const html = markupOnly(new TextDecoder("utf-8").decode(bytes));
  // <title> holds text only, up to </title>; one never closed, up to the next tag.
  const title = (/<title\b[^<>]*>([\s\S]{0,2000}?)<\/title\s*>/i.exec(html) ??
    /<title\b[^<>]*>([^<]*)/i.exec(html))?.[1];
  const tags = [...html.matchAll(/<(a|area|base|meta)\b([^<>]{0,4000})>/gi)].map((match) => ({
    name: (match[1] as string).toLowerCase(),
    attributes: readAttributes(match[2] ?? ""),
  }));
  const robots = tags.find(
    (tag) => tag.name === "meta" && tag.attributes.get("name")?.toLowerCase() === "robots",
  );
  const baseHref = tags
    .find((tag) => tag.name === "base" && tag.attributes.has("href"))
    ?.attributes.get("href");
  const base = resolve(baseHref, address) ?? address;
  const links: string[] = [];
  const noFollow = /\b(nofollow|none)\b/i.test(robots?.attributes.get("content") ?? "");
  for (const tag of noFollow ? [] : tags) {
    if (tag.name !== "a" && tag.name !== "area") continue;
    if (/\bnofollow\b/i.test(tag.attributes.get("rel") ?? "")) continue;
    const target = resolve(tag.attributes.get("href"), base);
    if (target !== undefined) links.push(target.href);
  }
  const text = title === undefined ? "" : decodeEntities(title).replace(/\s+/g, " ").trim();
  return { ...(text ? { title: text } : {}), links };
}

/** A start tag's attributes by lower-cased name, values with their character references decoded. */
function readAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(/([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+)))?/g)) {
    const name = (match[1] as string).toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return attributes;
}

function resolve(href: string | undefined, base: URL): URL | undefined {
  if (href === undefined || href.trim() === "") return undefined;
  try {
    return new URL(href.trim(), base);
  } catch {
    return undefined;
  }
}

/**
 * The page without its comments, scripts and styles, in one pass: each is cut from its opening to its end, and one
 * that never ends runs to the end of the page, as in a browser.
 */
function markupOnly(html: string): string {
  const parts: string[] = [];
  const opening = /<!--|<(script|style)\b/gi;
  let position = 0;
  for (;;) {
    opening.lastIndex = position;
    const open = opening.exec(html);
    if (open === null) break;
    parts.push(html.slice(position, open.index));
    const closing = open[1] === undefined ? /-->/g : new RegExp(`</${open[1]}\\s*>`, "gi");
    closing.lastIndex = open.index + open[0].length;
    const close = closing.exec(html);
    if (close === null) return parts.join("");
    position = close.index + close[0].length;
  }
  parts.push(html.slice(position));
  return parts.join("");
}
