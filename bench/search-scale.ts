import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { readCurrentGeneration } from "../src/index-store/files/generation-folders.js";
import { indexPaths } from "../src/index-store/files/index-paths.js";
import {
  describeMachine,
  loadAverage,
  mebibytes,
  numberFlag,
  repositoryRoot,
  requireHandbook,
  seconds,
} from "./measure-helpers.js";
import { buildSyntheticIndex } from "./synthetic-index.js";

/**
 * Search at scale: a synthetic corpus of about 100k chunks made from the 18F handbook (synthetic-corpus.ts),
 * indexed by the real ingest pipeline with the default local embedder. Prints the build time by stage and the
 * size of each index file, then measures in a fresh process (search-scale-measure.ts): resident memory before
 * and after loading, searchFileGeneration latency at K=10 with and without a scope filter, and vector recall@10.
 * --construction-sweep also rebuilds the graph at efConstruction 200/100/50 and reports insert time and recall.
 * --keep leaves the temporary folder (corpus and index) in place; --index-dir <dir> measures an index kept so.
 * Usage: npx tsx bench/search-scale.ts [--chunks 100000] [--passes 3] [--queries 1000] [--keep | --index-dir <dir>]
 */
const handbook = requireHandbook();
const targetChunks = numberFlag("chunks", 100_000);
const keptIndex = process.argv[process.argv.indexOf("--index-dir") + 1];
const reuse = process.argv.includes("--index-dir") && keptIndex !== undefined;
const keep = process.argv.includes("--keep");
const workDir = reuse ? null : await mkdtemp(join(tmpdir(), "docent-search-scale-"));
try {
  console.log(`machine: ${describeMachine()}`);
  const indexDir = workDir === null ? (keptIndex ?? "") : await build(workDir);
  const folder = await readCurrentGeneration(indexPaths(indexDir));
  if (folder === null) throw new Error(`no published generation in ${indexDir}`);
  let total = 0;
  for (const name of (await readdir(folder)).sort()) {
    const bytes = (await stat(join(folder, name))).size;
    total += bytes;
    console.log(`  ${name.padEnd(14)} ${mebibytes(bytes)}`);
  }
  console.log(`  ${"total".padEnd(14)} ${mebibytes(total)}`);
  const passThrough = process.argv.slice(2).filter((argument) => argument !== indexDir);
  const measure = join(repositoryRoot, "bench/search-scale-measure.ts");
  const child = spawnSync(process.execPath, ["--import", "tsx", measure, indexDir, ...passThrough], {
    stdio: "inherit",
    cwd: repositoryRoot,
  });
  if (child.status !== 0) process.exitCode = child.status ?? 1;
  if (keep) console.log(`index kept in ${indexDir} (remove ${workDir} when done)`);
} finally {
  if (workDir !== null && !keep) await rm(workDir, { recursive: true, force: true });
}

async function build(folder: string): Promise<string> {
  const built = await buildSyntheticIndex(handbook, folder, targetChunks, new LocalEmbeddings());
  const [scan, load, embed, write] = built.stages.map((milliseconds) => seconds(milliseconds));
  console.log(
    `corpus: ${built.corpus.copies} varied copies of the handbook (${built.corpus.chunksPerCopy} chunks each), ` +
      `${built.summary.documents} files indexed, ${built.summary.failed.length} rejected; written in ${seconds(built.corpusMs)}`,
  );
  console.log(
    `build (ingestDocuments, rebuild): ${seconds(built.buildMs)} for ${built.summary.chunks} chunks ` +
      `(scan+read+hash ${scan}, load+split ${load}, embed ${embed}, HNSW+BM25+write+publish ${write}); load ${loadAverage()}`,
  );
  return built.indexDir;
}
