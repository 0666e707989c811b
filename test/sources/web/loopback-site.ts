import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { closeAfterTest } from "../../helpers/close-after-test.js";
import { closeServer } from "../../helpers/loopback-http.js";

/** One address of the fake site: a page, a file, a redirect, or a status. */
export interface SiteEntry {
  body?: string | Buffer;
  type?: string;
  /** How the server lets docent ask conditionally: an ETag (default: a hash of the body), Last-Modified, neither. */
  validator?: "etag" | "last-modified" | "none";
  lastModified?: string;
  status?: number;
  location?: string;
  /** Answer 429 with this Retry-After (seconds) this many times first. */
  throttle?: { times: number; retryAfter: string };
}

export interface LoggedRequest {
  path: string;
  status: number;
  userAgent: string;
  conditional: boolean;
  /** When the request arrived (performance.now(), the test process's monotonic clock). */
  at: number;
}

/**
 * A web site on 127.0.0.1 that answers like a real one: ETag and Last-Modified validators with 304 for conditional
 * requests (RFC 9110), robots.txt and a sitemap where given, redirects, 404 for what it does not hold, 429 with
 * Retry-After, and, on demand, no answer at all. It is closed after the current test.
 */
export async function startLoopbackSite(entries: Record<string, SiteEntry> = {}) {
  const site = {
    entries: new Map(Object.entries(entries)),
    requests: [] as LoggedRequest[],
    /** After this many requests, the server takes requests and never answers them. */
    answerOnly: Number.POSITIVE_INFINITY,
    origin: "",
  };
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? "/";
    const at = performance.now();
    if (site.requests.length >= site.answerOnly) return;
    const entry = site.entries.get(path);
    const conditional =
      request.headers["if-none-match"] !== undefined || request.headers["if-modified-since"] !== undefined;
    const status = respond(entry, request, response);
    site.requests.push({ path, status, userAgent: request.headers["user-agent"] ?? "", conditional, at });
  };
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeAfterTest(() => closeServer(server));
  return {
    site,
    /** Requests made since the last call, by path. */
    takeRequests(): LoggedRequest[] {
      return site.requests.splice(0);
    },
    close: () => closeServer(server),
  };
}

function respond(entry: SiteEntry | undefined, request: IncomingMessage, response: ServerResponse): number {
  if (entry === undefined) return send(response, 404, { "content-type": "text/html" }, "<h1>Not found</h1>");
  if (entry.throttle !== undefined && entry.throttle.times > 0) {
    entry.throttle.times -= 1;
    return send(response, 429, { "retry-after": entry.throttle.retryAfter }, "slow down");
  }
  if (entry.location !== undefined)
    return send(response, entry.status ?? 301, { location: entry.location }, "");
  if (entry.status !== undefined && entry.status !== 200) return send(response, entry.status, {}, "error");
  const body = entry.body ?? "";
  const headers: Record<string, string> = {};
  if (entry.type !== undefined) headers["content-type"] = entry.type;
  const validator = entry.validator ?? "etag";
  if (validator === "etag") {
    const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
    headers.etag = etag;
    if (request.headers["if-none-match"] === etag) return send(response, 304, { etag }, "");
  }
  if (validator === "last-modified") {
    const modified = entry.lastModified ?? "Mon, 07 Dec 2026 09:00:00 GMT";
    headers["last-modified"] = modified;
    const since = request.headers["if-modified-since"];
    if (since !== undefined && Date.parse(since) >= Date.parse(modified)) return send(response, 304, {}, "");
  }
  return send(response, 200, headers, body);
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
): number {
  response.writeHead(status, headers).end(status === 304 ? undefined : body);
  return status;
}
