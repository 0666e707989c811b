import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingestDocuments } from "../ingest/ingest-pipeline.js";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { createFileIndexStore } from "../src/index-store/files/file-index-store.js";
import { silentLogger } from "../src/logging/logger.js";
import { documentsFolder } from "../src/sources/folder/folder-source.js";
import { describeMachine, loadAverage, median, numberFlag, requireHandbook } from "./measure-helpers.js";

/**
 * Whether a folder gains from reading several files at once, as a remote source does: the 18F handbook ingested into
 * a fresh index with the folder read one file at a time (what docent does) and `--reads-in-flight` at a time,
 * rounds interleaved. Printed per run: the wall time, and when loading ended (the last file split).
 * Usage: npx tsx bench/folder-reads.ts [--repeat 3] [--reads-in-flight 4]
 */
const repeats = numberFlag("repeat", 3);
const several = numberFlag("reads-in-flight", 4);
const pages = requireHandbook();
const walls = new Map<number, number[]>([
  [1, []],
  [several, []],
]);

console.log(`machine: ${describeMachine()}`);
for (let round = 1; round <= repeats; round += 1) {
  for (const readsInFlight of [1, several]) {
    const workDir = await mkdtemp(join(tmpdir(), "docent-folder-reads-"));
    const store = createFileIndexStore(join(workDir, "index"));
    const started = performance.now();
    let loaded = 0;
    try {
      const summary = await ingestDocuments({
        sources: [{ ...documentsFolder(pages, 2 ** 24), readsInFlight }],
        store,
        rebuild: false,
        embedder: new LocalEmbeddings(),
        embedding: { batchSize: 64, concurrency: 2, maxRetries: 0, timeoutMs: 60_000 },
        chunking: { chunkSize: 1000, chunkOverlap: 150 },
        logger: silentLogger,
        onProgress: (stage) => {
          if (stage === "loading") loaded = performance.now() - started;
        },
      });
      const wall = performance.now() - started;
      walls.get(readsInFlight)?.push(wall);
      console.log(
        `round ${round}, ${readsInFlight} at a time: ${Math.round(wall)} ms (loading done at ${Math.round(loaded)} ms), ` +
          `added ${summary.added}; load ${loadAverage()}`,
      );
    } finally {
      await store.close();
      await rm(workDir, { recursive: true, force: true });
    }
  }
}
for (const [readsInFlight, times] of walls) {
  console.log(`${readsInFlight} at a time: median ${Math.round(median(times))} ms of ${times.length}`);
}
