import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { generationFiles } from "../src/index-store/index-paths.js";
import { openIndex } from "../src/index-store/open-index.js";
import { searchIndex } from "../src/retrieval/search-index.js";
import { makeHandbookQueries } from "./handbook-queries.js";
import { loadAverage, mebibytes, median, numberFlag, percentile } from "./measure-helpers.js";
import { ExactSearch, recallAtK } from "./vector-recall.js";

/**
 * The measuring half of search-scale.ts, run in a fresh process so that resident memory is the index's own:
 * opens the index, times searchIndex at K=10 (no scope, and one scope of four), and measures the recall@10 of the
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
const index = await openIndex(indexDir, embedder.id);
const openMs = performance.now() - openStarted;
const rssAfter = process.memoryUsage().rss;
console.log(
  `opened ${index.manifest.counts.chunks} chunks in ${openMs.toFixed(0)} ms; rss ${mebibytes(rssBefore)} before, ` +
    `${mebibytes(rssAfter)} after loading (+${mebibytes(rssAfter - rssBefore)}); load ${loadAverage()}`,
);

const queries = makeHandbookQueries(index.chunks, queryCount);
const scope = Object.keys(index.manifest.scopes).sort()[1] ?? "scope-1";
const modes = [
  { name: "no scope filter", scopes: undefined },
  { name: `scope filter (${scope}, ${index.manifest.scopes[scope]} chunks)`, scopes: [scope] },
];
for (const mode of modes) {
  for (const question of queries.slice(0, 200))
    await searchIndex(index, embedder, question, { k: 10, ...mode });
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const durations: number[] = [];
    for (const question of queries) {
      const started = performance.now();
      await searchIndex(index, embedder, question, { k: 10, scopes: mode.scopes });
      durations.push(performance.now() - started);
    }
    p50s.push(percentile(durations, 0.5));
    p99s.push(percentile(durations, 0.99));
  }
  console.log(
    `searchIndex K=10, ${mode.name}: p50 ${median(p50s).toFixed(3)} ms, p99 ${median(p99s).toFixed(3)} ms ` +
      `(medians of ${passes} passes x ${queries.length} queries; p50s ${p50s.map((value) => value.toFixed(3)).join("/")}, ` +
      `p99s ${p99s.map((value) => value.toFixed(2)).join("/")}); load ${loadAverage()}`,
  );
}
console.log(`rss after the searches ${mebibytes(process.memoryUsage().rss)}`);

const exact = await ExactSearch.load(
  generationFiles(index.folder).vectors,
  index.manifest.embedder.dimensions,
  index.chunks.map((chunk) => chunk.label),
);
for (const mode of modes) {
  const filter = index.scopeFilter(mode.scopes);
  const started = performance.now();
  let recallSum = 0;
  for (const question of queries) {
    const vector = await embedder.embedQuery(question);
    const approximate = index.vectors.search(vector, 10, filter).map((hit) => hit.similarity);
    recallSum += recallAtK(approximate, exact.topSimilarities(vector, 10, filter?.allows.bind(filter)), 10);
  }
  console.log(
    `vector recall@10 (ef 100), ${mode.name}: ${(recallSum / queries.length).toFixed(4)} over ${queries.length} queries ` +
      `(exact search took ${((performance.now() - started) / 1000).toFixed(0)} s); load ${loadAverage()}`,
  );
}
