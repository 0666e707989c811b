import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { loadAverage, requireHandbook, seconds } from "./measure-helpers.js";
import { buildSyntheticIndex } from "./synthetic-index.js";

/**
 * Builds a synthetic index of about N chunks (synthetic-corpus.ts, the real ingest pipeline) into a folder and
 * keeps it, for the benches that measure an existing index (query-overhead.ts --index-dir, search-scale.ts).
 * Usage: npx tsx bench/build-synthetic-index.ts <chunks> <workDir>   (the index is <workDir>/index)
 */
const [chunks, workDir] = process.argv.slice(2);
if (chunks === undefined || workDir === undefined) {
  console.error("Usage: npx tsx bench/build-synthetic-index.ts <chunks> <workDir>");
  process.exit(2);
}
await mkdir(workDir, { recursive: true });
const built = await buildSyntheticIndex(
  requireHandbook(),
  resolve(workDir),
  Number(chunks),
  new LocalEmbeddings(),
);
console.log(
  `built ${built.summary.chunks} chunks (${built.corpus.copies} varied copies of the handbook) in ` +
    `${seconds(built.buildMs)} into ${built.indexDir}; load ${loadAverage()}`,
);
