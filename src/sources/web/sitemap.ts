import { gunzipSync } from "node:zlib";
import { DocentError } from "../../errors.js";
import { describeAddress } from "../http/describe-address.js";
import { httpFailure } from "../http/http-failure.js";
import { decodeEntities } from "./html-entities.js";

const mostSitemaps = 50;
const largestSitemapBytes = 50 * 1024 * 1024;

/**
 * The page addresses a sitemap lists (sitemaps.org: <urlset> of <url><loc>, or a <sitemapindex> of further
 * sitemaps, read too, up to 50 files; gzipped ones are unpacked). A sitemap that cannot be read fails the sync with
 * a sentence, so that the pages only it leads to are kept rather than removed.
 */
export async function readSitemap(
  address: string,
  request: (url: URL) => Promise<Response>,
  source: string,
): Promise<string[]> {
  const pages: string[] = [];
  const queue = [address];
  for (let read = 0; read < queue.length && read < mostSitemaps; read += 1) {
    const url = new URL(queue[read] as string);
    const text = await readSitemapFile(url, request, source);
    const locations = [...text.matchAll(/<loc>\s*([^<]*?)\s*<\/loc>/gi)].map((match) =>
      decodeEntities(match[1] ?? ""),
    );
    if (/<sitemapindex[\s>]/i.test(text)) queue.push(...locations);
    else if (/<urlset[\s>]/i.test(text)) pages.push(...locations);
    else throw notASitemap(source, url);
  }
  return pages;
}

async function readSitemapFile(
  url: URL,
  request: (url: URL) => Promise<Response>,
  source: string,
): Promise<string> {
  const response = await request(url);
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw httpFailure(response, {
      source,
      what: "sitemap",
      credentials: "that the sitemap is readable without signing in",
      permission: `access to ${describeAddress(url)} for docent`,
    });
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.toString("utf8");
  try {
    return gunzipSync(bytes, { maxOutputLength: largestSitemapBytes }).toString("utf8");
  } catch (error) {
    throw notASitemap(source, url, error);
  }
}

function notASitemap(source: string, url: URL, cause?: unknown): DocentError {
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${source} source could not read its sitemap: ${describeAddress(url)} is not a sitemap ` +
      "(XML with <urlset> or <sitemapindex>): check `sitemap` in the sources file",
    { cause },
  );
}
