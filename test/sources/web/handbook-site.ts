import { readFile } from "node:fs/promises";
import type { Logger } from "../../../src/logging/logger.js";
import { silentLogger } from "../../../src/logging/logger.js";
import type {
  DocumentSource,
  PreviousSync,
  SourceDocument,
  SourceListing,
} from "../../../src/sources/document-source.js";
import { createSourceFetch } from "../../../src/sources/http/source-fetch.js";
import { webSettings, webSource } from "../../../src/sources/web/web-source.js";
import { type SiteEntry, startLoopbackSite } from "./loopback-site.js";

const page = (title: string, text: string, links: string[] = []) =>
  `<!doctype html><html><head><title>${title}</title></head><body><nav>${links
    .map((href) => `<a href="${href}">${href}</a>`)
    .join(" ")}</nav><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

const html = "text/html; charset=utf-8";

/**
 * A small intranet handbook under /handbook/: robots.txt with a group for docent, a sitemap, links in and out of
 * the prefix, a PDF (Content-Type) and a Word file (named by its extension only), pages with an ETag, one with
 * Last-Modified only and one with neither.
 */
export async function handbookSite(origin: string): Promise<Record<string, SiteEntry>> {
  return {
    "/robots.txt": {
      type: "text/plain",
      body: "User-agent: *\nDisallow: /\n\nUser-agent: docent\nDisallow: /handbook/private/\nAllow: /\n",
    },
    "/sitemap.xml": {
      type: "application/xml",
      body:
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
        `<url><loc>${origin}/handbook/only-in-sitemap</loc></url><url><loc>${origin}/elsewhere/listed</loc></url></urlset>`,
    },
    "/handbook/": {
      type: html,
      body: page("Handbook", "Welcome to the handbook.", [
        "leave/",
        "expenses",
        "expenses#claims",
        "benefits.pdf",
        "runbook.docx",
        "private/salaries",
        "logo.png",
        "/elsewhere/page",
        "https://example.com/",
        "mailto:hr@example.com",
        "#top",
      ]),
    },
    "/handbook/leave/": {
      type: html,
      body: page("Leave policy", "Everyone gets 25 days of paid leave a year.", [
        "parental",
        "../expenses?lang=en",
      ]),
    },
    "/handbook/leave/parental": {
      type: html,
      validator: "last-modified",
      body: page("Parental leave", "Parents get 16 weeks of paid parental leave."),
    },
    "/handbook/expenses": { type: html, body: page("Expenses", "Claim expenses within 30 days.") },
    "/handbook/expenses?lang=en": { type: html, body: page("Expenses (English)", "Claims within 30 days.") },
    "/handbook/benefits.pdf": {
      type: "application/pdf",
      body: await readFile("data/docs/hr/benefits-summary-2026.pdf"),
    },
    "/handbook/runbook.docx": {
      type: "application/octet-stream",
      body: await readFile("data/docs/engineering/database-failover-runbook.docx"),
    },
    "/handbook/private/salaries": { type: html, body: page("Salaries", "Not for crawlers.") },
    "/handbook/only-in-sitemap": {
      type: html,
      validator: "none",
      body: page("Only in the sitemap", "The office opens at 8."),
    },
    "/elsewhere/page": { type: html, body: page("Elsewhere", "Outside the prefix.") },
    "/elsewhere/listed": { type: html, body: page("Elsewhere", "Outside the prefix.") },
  };
}

/** A loopback site serving the handbook (closed after the current test). */
export async function startHandbookSite() {
  const server = await startLoopbackSite();
  for (const [address, entry] of Object.entries(await handbookSite(server.site.origin))) {
    server.site.entries.set(address, entry);
  }
  return server;
}

export const handbookIds = [
  "",
  "benefits.pdf",
  "expenses",
  "expenses?lang=en",
  "leave",
  "leave/parental",
  "only-in-sitemap",
  "runbook.docx",
];

export interface SourceOptions {
  settings?: Record<string, unknown>;
  timeoutMs?: number;
  attempts?: number;
  signal?: AbortSignal;
  logger?: Logger;
}

/** The web source for the site, made the way the sources file will make it. */
export function handbookSource(origin: string, options: SourceOptions = {}): DocumentSource {
  const fetch = createSourceFetch({
    source: "intranet",
    timeoutMs: options.timeoutMs ?? 5_000,
    attempts: options.attempts ?? 2,
    inFlight: 4,
    maxWaitMs: 5_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const settings = webSettings.parse({
    url: `${origin}/handbook/`,
    sitemap: `${origin}/sitemap.xml`,
    ...options.settings,
  });
  return webSource.create(
    { name: "intranet", type: "web", settings, credentials: {}, credentialVariables: {} },
    {
      scopeOf: () => "public",
      fetch,
      maxDocumentBytes: 50 * 2 ** 20,
      logger: options.logger ?? silentLogger,
    },
  );
}

/** What the index would hand back after taking a listing whole. */
export function rememberListing(listing: SourceListing): PreviousSync {
  const documents = new Map(
    listing.documents.map((document) => [
      document.id,
      {
        version: document.version,
        scope: document.scope,
        ...(document.title === undefined ? {} : { title: document.title }),
        ...(document.url === undefined ? {} : { url: document.url }),
      },
    ]),
  );
  return { documents, state: JSON.parse(JSON.stringify(listing.state)) };
}

/** The listed document with this id (the test fails here when there is none). */
export function documentOf(listing: SourceListing, id: string): SourceDocument {
  const document = listing.documents.find((one) => one.id === id);
  if (document === undefined) throw new Error(`no document ${JSON.stringify(id)} listed`);
  return document;
}

export const nothingIndexed: PreviousSync = { documents: new Map(), state: undefined };
