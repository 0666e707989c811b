import { readFile } from "node:fs/promises";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { readChunkStore } from "../src/index-store/chunk-store.js";
import { generationFiles } from "../src/index-store/index-paths.js";
import { openCurrentFileGeneration } from "../src/index-store/load-file-generation.js";
import { KeywordIndex } from "../src/retrieval/keyword-index.js";
import { VectorIndex } from "../src/retrieval/vector-index.js";
import { searchLoaded } from "../test/helpers/ingest-fixture.js";
import { makeHandbookQueries } from "./handbook-queries.js";
import {
  loadAverage,
  mebibytes,
  median,
  numberFlag,
  percentile,
  seconds,
  timeAsync,
} from "./measure-helpers.js";
import { timeSearchParts } from "./search-breakdown.js";
import { ExactSearch, recallAtK } from "./vector-recall.js";

/**
 * The measuring half of search-scale.ts, run in a fresh process so that resident memory is the index's own:
 * opens the index, times searchFileGeneration at K=10 (no scope, and one scope of four), and measures the recall@10 of the
 * vector side against exact cosine search.
 * Usage: npx tsx bench/search-scale-measure.ts <indexDir> [--passes 3] [--queries 1000]
 */
const indexDir = process.argv[2];
if (indexDir === undefined || indexDir.startsWith("--")) {
  console.error("Usage: npx tsx bench/search-scale-measure.ts <indexDir> [--passes 3] [--queries 1000]");
  process.exit(2);
}
const passes = numberFlag("passes", 3);
const queryCount = numberFlag("queries", 1000);
const embedder = new LocalEmbeddings();
const rssBefore = process.memoryUsage().rss;
const openStarted = performance.now();
const index = await openCurrentFileGeneration(indexDir, embedder.id);
const openMs = performance.now() - openStarted;
const memory = process.memoryUsage();
const rssAfter = memory.rss;
console.log(
  `opened ${index.manifest.counts.chunks} chunks (${index.chunks.format}) in ${openMs.toFixed(0)} ms; rss ${mebibytes(rssBefore)} before, ` +
    `${mebibytes(rssAfter)} after loading (+${mebibytes(rssAfter - rssBefore)}; JS heap ${mebibytes(memory.heapUsed)}, ` +
    `buffers ${mebibytes(memory.arrayBuffers)}); load ${loadAverage()}`,
);

const queries = makeHandbookQueries(index.chunks.readAll(), queryCount);
const scope = Object.keys(index.manifest.scopes).sort()[1] ?? "scope-1";
const modes = [
  { name: "no scope filter", scopes: undefined },
  { name: `scope filter (${scope}, ${index.manifest.scopes[scope]} chunks)`, scopes: [scope] },
];
for (const mode of modes) {
  for (const question of queries.slice(0, 200))
    await searchLoaded(index, embedder, question, { k: 10, ...mode });
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const durations: number[] = [];
    for (const question of queries) {
      const started = performance.now();
      await searchLoaded(index, embedder, question, { k: 10, scopes: mode.scopes });
      durations.push(performance.now() - started);
    }
    p50s.push(percentile(durations, 0.5));
    p99s.push(percentile(durations, 0.99));
  }
  console.log(
    `searchFileGeneration K=10, ${mode.name}: p50 ${median(p50s).toFixed(3)} ms, p99 ${median(p99s).toFixed(3)} ms ` +
      `(medians of ${passes} passes x ${queries.length} queries; p50s ${p50s.map((value) => value.toFixed(3)).join("/")}, ` +
      `p99s ${p99s.map((value) => value.toFixed(2)).join("/")}); load ${loadAverage()}`,
  );
}
for (const mode of modes) {
  const parts = await timeSearchParts(index, embedder, queries, mode.scopes);
  console.log(`  parts of searchFileGeneration, ${mode.name}, p50/p99 ms: ${parts}`);
}
console.log(`rss after the searches ${mebibytes(process.memoryUsage().rss)}`);

const exact = await ExactSearch.load(
  generationFiles(index.folder).vectors,
  index.manifest.embedder.dimensions,
  index.chunks.readAll().map((chunk) => chunk.label),
);
const searchBreadths = [100, 200, 400, 800];
const exactBest: number[][] = [];
for (const mode of modes) {
  const filter = index.scopeFilter(mode.scopes);
  const allows = filter?.allows.bind(filter);
  const started = performance.now();
  const recall = { project: 0, ...Object.fromEntries(searchBreadths.map((ef) => [ef, 0])) } as Record<
    string,
    number
  >;
  const searchTimes: Record<number, number[]> = Object.fromEntries(searchBreadths.map((ef) => [ef, []]));
  for (const question of queries) {
    const vector = await embedder.embedQuery(question);
    const best = exact.topSimilarities(vector, 10, allows);
    if (mode.scopes === undefined) exactBest.push(best);
    const approximate = index.vectors.search(vector, 10, filter).map((hit) => hit.similarity);
    recall.project = (recall.project ?? 0) + recallAtK(approximate, best, 10);
    for (const ef of searchBreadths) {
      const searchStarted = performance.now();
      const found = exact.approximateSimilarities(vector, 10, ef, allows);
      searchTimes[ef]?.push(performance.now() - searchStarted);
      recall[ef] = (recall[ef] ?? 0) + recallAtK(found, best, 10);
    }
  }
  const average = (key: string | number) => ((recall[key] ?? 0) / queries.length).toFixed(4);
  console.log(
    `vector recall@10, ${mode.name}, ${queries.length} queries against exact cosine: VectorIndex (ef 100) ${average("project")}; ` +
      `raw graph ${searchBreadths.map((ef) => `ef ${ef} ${average(ef)} (p50 ${percentile(searchTimes[ef] ?? [], 0.5).toFixed(2)} ms)`).join(", ")} ` +
      `(took ${((performance.now() - started) / 1000).toFixed(0)} s); load ${loadAverage()}`,
  );
}

const files = generationFiles(index.folder);
const [, chunksMs] = await timeAsync(() => readChunkStore(files, index.manifest.counts.labels));
const [, vectorsMs] = await timeAsync(() =>
  VectorIndex.load(files.vectors, {
    dimensions: index.manifest.embedder.dimensions,
    count: index.manifest.counts.labels,
    record: index.manifest.contents?.["vectors.hnsw"],
  }),
);
const [, keywordsMs] = await timeAsync(async () => KeywordIndex.fromBuffer(await readFile(files.keywords)));
console.log(
  `opening, part by part: ${index.chunks.format} ${chunksMs.toFixed(0)} ms, vectors.hnsw ${vectorsMs.toFixed(0)} ms, ` +
    `keywords.bin ${keywordsMs.toFixed(0)} ms; load ${loadAverage()}`,
);

if (process.argv.includes("--construction-sweep")) {
  const queryVectors = await Promise.all(queries.map((question) => embedder.embedQuery(question)));
  for (const efConstruction of [200, 100, 50]) {
    const [graph, buildMs] = exact.rebuild(efConstruction);
    let recall = 0;
    for (const [position, vector] of queryVectors.entries()) {
      const found = graph.approximateSimilarities(vector, 10, 100);
      recall += recallAtK(found, exactBest[position] ?? [], 10);
    }
    console.log(
      `efConstruction ${efConstruction} (M 16): insert ${index.manifest.counts.chunks} vectors ${seconds(buildMs)}, ` +
        `recall@10 at ef 100 ${(recall / queries.length).toFixed(4)} (no scope filter); load ${loadAverage()}`,
    );
  }
}
