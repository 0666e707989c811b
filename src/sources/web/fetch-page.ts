import { formatMegabytes } from "../../documents/file-size.js";
import { DocentError } from "../../errors.js";
import { describeAddress } from "../http/describe-address.js";
import { httpFailure } from "../http/http-failure.js";
import { documentMediaType, mediaTypeOfPath } from "../media-types.js";
import { asUtf8 } from "./page-charset.js";
import { conditionalHeaders, pageVersion } from "./page-version.js";
import { normaliseAddress, pageId, type SitePrefix } from "./site-prefix.js";

/** What asking for one page came to. */
export type PageOutcome =
  | { kind: "page"; url: URL; bytes: Buffer; mediaType: string; version: string }
  | { kind: "other"; url: URL }
  | { kind: "unchanged"; url: URL }
  | { kind: "moved"; to: URL }
  | { kind: "gone"; status: number }
  | { kind: "failed"; error: DocentError };

export interface PageRequest {
  prefix: SitePrefix;
  source: string;
  maxBytes: number;
  /** One GET through the source's fetch, redirects not followed. */
  get: (url: URL, headers: Record<string, string>, signal?: AbortSignal) => Promise<Response>;
}

const redirects = new Set([301, 302, 303, 307, 308]);
const mostHops = 5;

/**
 * GETs a page, conditionally when the index holds a version of it (a 304 costs nothing more). A redirect to the
 * same page (a trailing slash added) is followed here; one to another page is handed back for the crawl to decide
 * (within the prefix it is crawled, outside it the page has left). 404 and 410 mean the page is gone; any other
 * status that is not OK is a failure with its sentence.
 */
export async function fetchPage(
  url: URL,
  version: string | undefined,
  request: PageRequest,
): Promise<PageOutcome> {
  let current = url;
  for (let hop = 0; ; hop += 1) {
    const response = await request.get(current, conditionalHeaders(version));
    if (redirects.has(response.status) && hop < mostHops) {
      await discard(response);
      const to = normaliseAddress(response.headers.get("location") ?? "", current);
      if (to === null) return { kind: "failed", error: failure(response, request) };
      if (pageId(to, request.prefix) !== pageId(url, request.prefix) || to.origin !== url.origin) {
        return { kind: "moved", to };
      }
      current = to;
      continue;
    }
    if (response.status === 304 && version !== undefined) {
      await discard(response);
      return { kind: "unchanged", url: current };
    }
    if (response.status === 404 || response.status === 410) {
      await discard(response);
      return { kind: "gone", status: response.status };
    }
    if (response.status !== 200) {
      await discard(response);
      return { kind: "failed", error: failure(response, request) };
    }
    return readPage(response, current, request);
  }
}

async function readPage(response: Response, url: URL, request: PageRequest): Promise<PageOutcome> {
  const mediaType = mediaTypeOf(response.headers.get("content-type"), url);
  if (mediaType === undefined) {
    await discard(response);
    return { kind: "other", url };
  }
  const bytes = await readBounded(response, request.maxBytes);
  if (bytes === null) {
    const limit = `${formatMegabytes(request.maxBytes)} MB`;
    const reason = `${describeAddress(url)} is larger than the ${limit} limit (max_page_mb)`;
    return {
      kind: "failed",
      error: new DocentError("SOURCE_UNAVAILABLE", `The ${request.source} source: ${reason}`),
    };
  }
  const version = pageVersion(response.headers, bytes);
  const text = mediaType.startsWith("text/");
  return {
    kind: "page",
    url,
    bytes: text ? asUtf8(bytes, response.headers.get("content-type")) : bytes,
    mediaType,
    version,
  };
}

/**
 * The loader a page is read by: its Content-Type, or the extension of its address when the server sends none or
 * a generic one; undefined for what docent does not read (an image, a zip).
 */
export function mediaTypeOf(contentType: string | null, url: URL): string | undefined {
  const bare = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (bare === "" || bare === "application/octet-stream" || bare === "binary/octet-stream") {
    return mediaTypeOfPath(url.pathname);
  }
  return documentMediaType(bare);
}

/** The body, or null past the limit (the rest is not downloaded). */
async function readBounded(response: Response, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes || response.body === null) {
    await discard(response);
    return declared > maxBytes ? null : Buffer.alloc(0);
  }
  const parts: Buffer[] = [];
  let length = 0;
  for await (const part of response.body) {
    length += part.length;
    if (length > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      return null;
    }
    parts.push(Buffer.from(part));
  }
  return Buffer.concat(parts, length);
}

function failure(response: Response, request: PageRequest): DocentError {
  return httpFailure(response, {
    source: request.source,
    what: "a page",
    credentials: "that the pages are readable without signing in (docent sends no credentials)",
    permission: `the user agent "docent" (or the address it reads from) access to ${request.prefix.start.href}`,
  });
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
