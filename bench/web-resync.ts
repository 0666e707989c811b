import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger } from "../src/logging/logger.js";
import type { PreviousSync, SourceListing } from "../src/sources/document-source.js";
import { createSourceFetch } from "../src/sources/http/source-fetch.js";
import { webSettings, webSource } from "../src/sources/web/web-source.js";
import { describeMachine, loadAverage, numberFlag } from "./measure-helpers.js";

/**
 * An unchanged re-sync of a web site: a loopback site of --sections sections of --per-section pages each (2,001
 * pages by default: the start page, 40 section pages, 1,960 pages), with ETags, robots.txt and --latency-ms per
 * answer. First sync, then a re-sync of the unchanged site: the requests it made, how many pages answered other
 * than 304, how many documents the ingest would read again (both must be 0), and its wall time.
 * Usage: npx tsx bench/web-resync.ts [--sections 40] [--per-section 49] [--latency-ms 0] [--in-flight 4]
 */
const sections = numberFlag("sections", 40);
const perSection = numberFlag("per-section", 49);
const latencyMs = numberFlag("latency-ms", 0);
const inFlight = numberFlag("in-flight", 4);

const pages = new Map<string, string>();
const link = (href: string) => `<a href="${href}">${href}</a>`;
const sectionLinks = Array.from({ length: sections }, (_, s) => link(`section-${s}/`));
pages.set("/site/", `<title>Intranet</title><main><p>Start here.</p>${sectionLinks.join("")}</main>`);
for (let s = 0; s < sections; s += 1) {
  const children = Array.from({ length: perSection }, (_, p) => link(`page-${p}`));
  pages.set(`/site/section-${s}/`, `<title>Section ${s}</title><p>Section ${s}.</p>${children.join("")}`);
  for (let p = 0; p < perSection; p += 1) {
    const body = `<title>Page ${s}.${p}</title><p>Policy ${s}.${p}: ${"text ".repeat(200)}</p>${link("../")}`;
    pages.set(`/site/section-${s}/page-${p}`, body);
  }
}
const etags = new Map([...pages].map(([path, body]) => [path, `"${hashOf(body)}"`]));
const statuses = new Map<number, number>();

const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  setTimeout(() => answer(request, response), latencyMs);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const fetch = createSourceFetch({
  source: "intranet",
  timeoutMs: 30_000,
  attempts: 3,
  inFlight,
  maxWaitMs: 5_000,
});
const settings = webSettings.parse({ url: `${origin}/site/`, max_in_flight: inFlight });
const source = webSource.create(
  { name: "intranet", type: "web", settings, credentials: {}, credentialVariables: {} },
  { scopeOf: () => "public", fetch, maxDocumentBytes: 50 * 2 ** 20, logger: silentLogger },
);

console.log(`web re-sync: ${pages.size} pages, ${latencyMs} ms per answer, ${inFlight} in flight`);
console.log(describeMachine());
let started = performance.now();
const first = await source.list({ previous: { documents: new Map(), state: undefined } });
for (const document of first.documents) await source.read(document);
report("first sync", first, performance.now() - started);

const previous = remember(first);
statuses.clear();
started = performance.now();
const again = await source.list({ previous });
const elapsed = performance.now() - started;
report("unchanged re-sync", again, elapsed);
const reread = again.documents.filter(
  (document) => previous.documents.get(document.id)?.version !== document.version,
);
const downloaded = [...statuses]
  .filter(([status]) => status !== 304)
  .reduce((sum, [, count]) => sum + count, 0);
console.log(
  `  pages re-read: ${reread.length} (documents with a new version); answers other than 304: ${downloaded - 1} (robots.txt aside)`,
);
console.log(
  `  state kept between syncs: ${(JSON.stringify(again.state).length / 1024).toFixed(0)} KiB of JSON`,
);
console.log(`  load average ${loadAverage()}`);
server.closeAllConnections();
server.close();

function answer(request: IncomingMessage, response: ServerResponse): void {
  const path = request.url ?? "/";
  const body = pages.get(path);
  const status =
    path === "/robots.txt"
      ? 200
      : body === undefined
        ? 404
        : request.headers["if-none-match"] === etags.get(path)
          ? 304
          : 200;
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  if (path === "/robots.txt")
    response.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
  else if (status === 200)
    response.writeHead(200, { "content-type": "text/html", etag: etags.get(path) }).end(body);
  else response.writeHead(status, status === 304 ? { etag: etags.get(path) } : {}).end();
}

function report(label: string, listing: SourceListing, ms: number): void {
  const requests = [...statuses.values()].reduce((sum, count) => sum + count, 0);
  const byStatus = [...statuses].map(([status, count]) => `${status}: ${count}`).join(", ");
  console.log(
    `${label}: ${listing.documents.length} documents, ${listing.failed.length} failed, ${requests} requests (${byStatus}), ${(ms / 1000).toFixed(2)} s`,
  );
}

function remember(listing: SourceListing): PreviousSync {
  const documents = new Map(
    listing.documents.map((document) => [document.id, { version: document.version, scope: document.scope }]),
  );
  return { documents, state: JSON.parse(JSON.stringify(listing.state)) };
}

function hashOf(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
