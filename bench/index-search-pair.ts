import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import type { LoadedFileGeneration } from "../src/index-store/files/load-file-generation.js";
import { makeHandbookQueries } from "./handbook-queries.js";
import {
  describeMachine,
  loadAverage,
  median,
  numberFlag,
  percentile,
  repositoryRoot,
} from "./measure-helpers.js";

/**
 * Search latency of the old and the new code on the same index, in one process, query by query in turn (the order
 * swapped every query) so that the machine's noise hits both alike: searchFileGeneration K=10 without embedding
 * (vectors computed beforehand), no scope and the second scope; and chunkAt alone (the old code returns a stored
 * object, the new one decodes from the buffer). Both indexes share one heap here, so the new code's allocations
 * also pay for collecting the old code's 135 MiB of chunk objects: index-open.ts times chunkAt in separate
 * processes. The index must hold chunks.json and chunks.bin (see index-open.ts).
 * Usage: npx tsx bench/index-search-pair.ts <indexDir> --base <old checkout> [--passes 3] [--queries 1000]
 */
const indexDir = process.argv[2] ?? "";
const base = process.argv[process.argv.indexOf("--base") + 1] ?? "";
const passes = numberFlag("passes", 3);
const queryCount = numberFlag("queries", 1000);
console.log(`machine: ${describeMachine()}`);
// biome-ignore lint/suspicious/noExplicitAny: modules of either checkout, called by name
const importFrom = (root: string, name: string): Promise<any> =>
  import(pathToFileURL(storeModule(root, name)).href);
const embedder = new LocalEmbeddings();
const sides = await Promise.all(
  [base, repositoryRoot].map(async (root) => ({
    name: root === base ? "old code" : "new code",
    index: await (await importFrom(root, "load-file-generation")).openCurrentFileGeneration(
      indexDir,
      embedder.id,
    ),
    search: (await importFrom(root, "search-file-generation")).searchFileGeneration,
  })),
);
const newIndex = sides[1]?.index as LoadedFileGeneration;
const queries = makeHandbookQueries(newIndex.chunks.readAll(), queryCount);
const vectors = await Promise.all(queries.map((question) => embedder.embedQuery(question)));
const scope = Object.keys(newIndex.manifest.scopes).sort()[1] ?? "";

for (const scopes of [undefined, [scope]]) {
  const p50s: number[][] = [[], []];
  const p99s: number[][] = [[], []];
  for (let pass = -1; pass < passes; pass++) {
    const durations: number[][] = [[], []];
    for (let position = 0; position < queries.length; position++) {
      for (const which of position % 2 === 0 ? [0, 1] : [1, 0]) {
        const side = sides[which];
        const started = performance.now();
        side?.search(side.index, vectors[position], queries[position], { k: 10, scopes });
        durations[which]?.push(performance.now() - started);
      }
    }
    if (pass === -1) continue; // warm-up
    for (const which of [0, 1]) {
      p50s[which]?.push(percentile(durations[which] ?? [], 0.5));
      p99s[which]?.push(percentile(durations[which] ?? [], 0.99));
    }
  }
  const label = scopes === undefined ? "no scope" : `scope ${scope}`;
  for (const which of [0, 1]) {
    console.log(
      `searchFileGeneration K=10 (no embedding), ${label}, ${sides[which]?.name}: p50 ${median(p50s[which] ?? []).toFixed(3)} ms, ` +
        `p99 ${median(p99s[which] ?? []).toFixed(2)} ms (medians of ${passes} passes x ${queries.length} queries, interleaved); load ${loadAverage()}`,
    );
  }
}

const labels = Array.from({ length: 50_000 }, (_, index) => (index * 7919) % newIndex.manifest.counts.labels);
for (const side of sides) {
  for (const label of labels.slice(0, 5000)) side.index.chunkAt(label);
  const started = performance.now();
  for (const label of labels) side.index.chunkAt(label);
  const micros = ((performance.now() - started) * 1000) / labels.length;
  console.log(
    `chunkAt, ${side.name}: ${micros.toFixed(2)} µs per call (${labels.length} labels); load ${loadAverage()}`,
  );
}

/** A file store module of either checkout: in src/index-store/files/ since the folder was arranged, before in src/index-store/. */
function storeModule(root: string, name: string): string {
  const arranged = join(root, `src/index-store/files/${name}.ts`);
  return existsSync(arranged) ? arranged : join(root, `src/index-store/${name}.ts`);
}
