import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { describeMachine, loadAverage, repositoryRoot, requireHandbook, seconds } from "./measure-helpers.js";
import { buildSyntheticIndex } from "./synthetic-index.js";

/**
 * The answer path without the model at 10k and 100k chunks, as a bot without a model runs it (answerQuestion:
 * spelling, the conversation's reading, parts, understanding, retrieval, ranking and judgement, the quoted
 * reply), over single questions, follow-ups and two-part questions, p50/p99 per stage and in total. Each size is
 * a synthetic corpus from the 18F handbook (synthetic-corpus.ts) built with the real ingest pipeline, then measured
 * in a fresh process (query-overhead-measure.ts) with and without a scope filter.
 * --index-dir <dir> measures an existing index (one built by build-synthetic-index.ts or kept by
 * search-scale.ts --keep) instead of building; --answers FILE writes every reply (to diff two versions).
 * Usage: npx tsx bench/query-overhead.ts [--sizes 10000,100000 | --index-dir <dir>] [--passes 3] [--queries 1000]
 *          [--answers FILE]
 */
const handbook = requireHandbook();
const sizesFlag = process.argv.find((_argument, position) => process.argv[position - 1] === "--sizes");
const sizes = (sizesFlag ?? "10000,100000").split(",").map(Number);
const valueFlags = ["--sizes", "--index-dir"];
const passThrough = process.argv.slice(2).filter((argument, position, all) => {
  return !valueFlags.includes(argument) && !valueFlags.includes(all[position - 1] ?? "");
});
const measure = (indexDir: string) => {
  const script = join(repositoryRoot, "bench/query-overhead-measure.ts");
  const child = spawnSync(process.execPath, ["--import", "tsx", script, indexDir, ...passThrough], {
    stdio: "inherit",
    cwd: repositoryRoot,
  });
  if (child.status !== 0) process.exitCode = child.status ?? 1;
};
console.log(`machine: ${describeMachine()}`);
const keptIndex = process.argv[process.argv.indexOf("--index-dir") + 1];
if (process.argv.includes("--index-dir") && keptIndex !== undefined) measure(keptIndex);
else await measureSizes();

async function measureSizes(): Promise<void> {
  for (const size of sizes) {
    const workDir = await mkdtemp(join(tmpdir(), "docent-query-overhead-"));
    try {
      const built = await buildSyntheticIndex(handbook, workDir, size, new LocalEmbeddings());
      console.log(
        `\nbuilt ${built.summary.chunks} chunks (${built.corpus.copies} varied copies of the handbook) in ` +
          `${seconds(built.buildMs)}; load ${loadAverage()}`,
      );
      measure(built.indexDir);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }
}
