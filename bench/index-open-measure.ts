import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Chunk } from "../src/documents/chunk.js";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { readChunkStore } from "../src/index-store/chunk-store.js";
import { buildChunkStoreData } from "../src/index-store/chunk-store-format.js";
import { readCurrentGeneration } from "../src/index-store/generation-folders.js";
import { generationFiles, indexPaths } from "../src/index-store/index-paths.js";
import { readManifest } from "../src/index-store/manifest.js";
import { KeywordIndex } from "../src/retrieval/keyword-index.js";
import { VectorIndex } from "../src/retrieval/vector-index.js";
import { makeHandbookQueries } from "./handbook-queries.js";
import { loadAverage, numberFlag, percentile } from "./measure-helpers.js";

/**
 * One measurement of index-open.ts in a fresh process (run with --expose-gc), printed as one JSON line:
 *   open <root>       openCurrentFileGeneration of the docent checkout at <root> (old or new code), then search
 *                     latency (searchFileGeneration K=10, no scope and the second scope) with that code
 *   part <name>       one part of opening alone: chunks.bin, chunks.json-objects (the old loader: JSON.parse and
 *                     a by-label array), chunks.json-convert (the new loader's path for an old generation),
 *                     vectors.hnsw, keywords.bin
 * Resident memory is read right after loading and again after a full garbage collection.
 * Usage: node --expose-gc --import tsx bench/index-open-measure.ts <indexDir> open <root> | part <name> [--queries 1000]
 */
const [indexDir = "", mode = "", argument = ""] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");
const folder = (await readCurrentGeneration(indexPaths(indexDir))) ?? "";
const files = generationFiles(folder);
const manifest = await readManifest(files.manifest);
// The code under test is imported before timing, so that neither side's open includes compiling it.
const opener = mode === "open" ? await importFrom(argument, "load-file-generation") : null;
const searcher = mode === "open" ? await importFrom(argument, "search-file-generation") : null;
gc();
const before = process.memoryUsage();
const started = performance.now();
const cpuBefore = process.cpuUsage();
const kept =
  opener === null
    ? await openPart(argument)
    : await opener.openCurrentFileGeneration(indexDir, new LocalEmbeddings().id);
const openMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
// CPU time of this process (main thread and thread pool, user and system): less at the mercy of a busy machine.
const openCpuMs = (cpu.user + cpu.system) / 1000;
const loaded = process.memoryUsage();
gc();
const settled = process.memoryUsage();
const result: Record<string, unknown> = {
  mode,
  argument,
  openMs,
  openCpuMs,
  rssBefore: before.rss,
  rssLoaded: loaded.rss,
  rssSettled: settled.rss,
  heapSettled: settled.heapUsed,
  buffersSettled: settled.arrayBuffers,
  load: loadAverage(),
};
if (searcher !== null) Object.assign(result, await timeSearches(kept as OpenedIndex, searcher));
console.log(JSON.stringify(result));

interface OpenedIndex {
  chunks: readonly Chunk[] | { readAll(): Chunk[] };
  manifest: { scopes: Record<string, number> };
}

// biome-ignore lint/suspicious/noExplicitAny: a module of either checkout (old or new code), called by name
async function importFrom(root: string, name: string): Promise<any> {
  return import(pathToFileURL(join(root, `src/index-store/${name}.ts`)).href);
}

async function openPart(name: string): Promise<unknown> {
  const labels = manifest.counts.labels;
  switch (name) {
    case "chunks.bin":
      return readChunkStore(files, labels);
    case "chunks.json-objects": {
      const chunks = JSON.parse(await readFile(files.legacyChunks, "utf8")) as { label: number }[];
      const byLabel: unknown[] = new Array(labels);
      for (const chunk of chunks) byLabel[chunk.label] = chunk;
      return [chunks, byLabel];
    }
    case "chunks.json-convert":
      return buildChunkStoreData(JSON.parse(await readFile(files.legacyChunks, "utf8")), labels);
    case "vectors.hnsw":
      return VectorIndex.load(files.vectors, {
        dimensions: manifest.embedder.dimensions,
        count: labels,
        record: manifest.contents?.["vectors.hnsw"],
      });
    case "keywords.bin":
      return KeywordIndex.fromBuffer(await readFile(files.keywords));
    default:
      throw new Error(`unknown part ${name}`);
  }
}

/** Search latency with the same code that opened the index (searchFileGeneration of that checkout). */
// biome-ignore lint/suspicious/noExplicitAny: see importFrom
async function timeSearches(index: OpenedIndex, module: any) {
  const embedder = new LocalEmbeddings();
  const chunks = Array.isArray(index.chunks)
    ? index.chunks
    : (index.chunks as { readAll(): Chunk[] }).readAll();
  const queries = makeHandbookQueries(chunks, numberFlag("queries", 1000));
  const vectors = await Promise.all(queries.map((question) => embedder.embedQuery(question)));
  const scope = Object.keys(index.manifest.scopes).sort()[1];
  const figures: Record<string, number> = {};
  for (const [name, scopes] of [
    ["all", undefined],
    ["scope", scope === undefined ? undefined : [scope]],
  ] as const) {
    const search = (position: number) =>
      module.searchFileGeneration(index, vectors[position], queries[position], { k: 10, scopes });
    for (let position = 0; position < 200; position++) search(position);
    const durations: number[] = [];
    for (let position = 0; position < queries.length; position++) {
      const searchStarted = performance.now();
      search(position);
      durations.push(performance.now() - searchStarted);
    }
    figures[`${name}P50`] = percentile(durations, 0.5);
    figures[`${name}P99`] = percentile(durations, 0.99);
  }
  // chunkAt alone, in this process (only this code's index loaded, so the garbage collector sees only its heap).
  const labelCount = manifest.counts.labels;
  const labels = Array.from({ length: 50_000 }, (_, position) => (position * 7919) % labelCount);
  const lookUp = (index as unknown as { chunkAt(label: number): unknown }).chunkAt;
  for (const label of labels.slice(0, 5000)) lookUp(label);
  const started = performance.now();
  for (const label of labels) lookUp(label);
  figures.chunkAtMicros = ((performance.now() - started) * 1000) / labels.length;
  return figures;
}
