import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type IngestSummary, ingestDocuments } from "../ingest/ingest-pipeline.js";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { createFileIndexStore } from "../src/index-store/files/file-index-store.js";
import { silentLogger } from "../src/logging/logger.js";
import { makeConfluenceSource } from "../test/sources/confluence/confluence-fixture.js";
import { startFakeConfluence } from "../test/sources/confluence/fake-confluence.js";
import { describeMachine, loadAverage, numberFlag, seconds } from "./measure-helpers.js";

/**
 * Re-syncing a Confluence space whose pages have not changed (issue #21: a 2,000-page space behind 20 ms a
 * request, no more requests than listing needs, under 5 s). A loopback Confluence Cloud (REST API v2, cursor
 * pagination, basic auth) answers every request after the given latency; the real ingest (default local
 * embedder) syncs it into a fresh index, then again with nothing changed, then once more after one page's edit.
 * Printed per sync: requests made (listing and page bodies apart), pages read, wall time.
 * The source reads as many pages at once as createSources gives a Confluence entry (its 4 requests in flight);
 * `--reads-in-flight 1` reads them one after the other, as the ingest did before.
 * Usage: npx tsx bench/confluence-resync.ts [--pages 2000] [--latency 20] [--reads-in-flight 4]
 */
const pageCount = numberFlag("pages", 2000);
const latencyMs = numberFlag("latency", 20);
const readsInFlight = numberFlag("reads-in-flight", 4);
const fake = await startFakeConfluence({ latencyMs });
const workDir = await mkdtemp(join(tmpdir(), "docent-confluence-resync-"));
const store = createFileIndexStore(join(workDir, "index"));
const embedder = new LocalEmbeddings();

try {
  fake.addSpace("HB");
  for (let index = 0; index < pageCount; index += 1) {
    fake.putPage({ spaceKey: "HB", title: `Handbook page ${index}`, storage: pageBody(index) });
  }
  console.log(`machine: ${describeMachine()}`);
  console.log(
    `a space of ${pageCount} pages, ${latencyMs} ms a request, ${readsInFlight} pages read at once`,
  );
  const first = await sync("first sync");
  const unchanged = await sync("unchanged re-sync");
  const edited = [...fake.pages.keys()][Math.floor(pageCount / 2)] as string;
  fake.editPage(edited, pageBody(pageCount + 1));
  const oneEdit = await sync("re-sync after one edit");
  const verdict = unchanged.pagesRead === 0 && unchanged.ms < 5000 ? "pass" : "FAIL";
  console.log(
    `target (unchanged re-sync: 0 pages read, under 5 s): ${verdict}; first sync added ${first.summary.added}, ` +
      `one edit updated ${oneEdit.summary.updated}`,
  );
} finally {
  await store.close();
  await fake.close();
  await rm(workDir, { recursive: true, force: true });
}

async function sync(label: string): Promise<{ summary: IngestSummary; pagesRead: number; ms: number }> {
  fake.requests.length = 0;
  const started = performance.now();
  const summary = await ingestDocuments({
    sources: [
      {
        ...makeConfluenceSource(fake.url, {
          spaces: ["HB"],
          scopes: { HB: "public" },
          fetch: { timeoutMs: 30_000, attempts: 3, inFlight: 4 },
        }),
        readsInFlight,
      },
    ],
    store,
    rebuild: false,
    embedder,
    embedding: { batchSize: 64, concurrency: 2, maxRetries: 4, timeoutMs: 60_000 },
    chunking: { chunkSize: 1000, chunkOverlap: 150 },
    logger: silentLogger,
  });
  const ms = performance.now() - started;
  const pagesRead = fake.pageReads().length;
  const listing = fake.requests.length - pagesRead;
  console.log(
    `${label}: ${fake.requests.length} requests (${listing} listing, ${pagesRead} page bodies), ` +
      `${pagesRead} pages read, ${seconds(ms)}; added ${summary.added}, updated ${summary.updated}, ` +
      `unchanged ${summary.unchanged}, failed ${summary.failed.length}; load ${loadAverage()}`,
  );
  return { summary, pagesRead, ms };
}

/** A page as Confluence's editor stores it: headings, prose, a list, a table and a code macro, varied by index. */
function pageBody(index: number): string {
  const team = ["platform", "payments", "support", "design", "data"][index % 5];
  return (
    `<h1>Handbook page ${index}</h1><p>The ${team} team reviews request ${index} within ${(index % 9) + 1} ` +
    "working days. Questions go to the team channel; urgent ones to the on-call engineer.</p>" +
    `<h2>Steps</h2><ol><li><p>Open ticket ${index}.</p></li><li><p>Attach the form.</p></li></ol>` +
    `<table><tbody><tr><th>Owner</th><th>Budget</th></tr><tr><td>${team}</td><td>${index * 10} EUR</td></tr>` +
    '</tbody></table><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter>' +
    `<ac:plain-text-body><![CDATA[./request.sh --id ${index} --team ${team}]]></ac:plain-text-body></ac:structured-macro>`
  );
}
