import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { createPgvectorIndexStore } from "../src/index-store/pgvector/pgvector-index-store.js";
import { silentLogger } from "../src/logging/logger.js";
import { startPostgres } from "../test/helpers/postgres-server.js";
import { describeMachine, loadAverage, repositoryRoot, requireHandbook, seconds } from "./measure-helpers.js";
import { buildSyntheticIndex, ingestTimed } from "./synthetic-index.js";

/**
 * Spelling correction's cost (correct-spelling.ts): the one-time warm-up per process and per index generation,
 * its memory, and correctWords per question, measured in a fresh process (spelling-measure.ts) for the 18F
 * handbook's index and for a synthetic one (synthetic-corpus.ts) of --chunks chunks, each built with the real
 * ingest pipeline; --pgvector also measures the handbook in a temporary PostgreSQL (the vocabulary read from
 * its lexemes). --index-dir <dir> measures an existing file index instead of building; --keep leaves the
 * synthetic corpus and index in place for that.
 * Usage: npx tsx bench/spelling.ts [--chunks 100000] [--pgvector] [--keep | --index-dir <dir>] [--questions 1000]
 *   [--passes 5] [--stress-terms 100000]
 */
const handbook = requireHandbook();
const valueFlags = ["--chunks", "--index-dir"];
const passThrough = process.argv.slice(2).filter((argument, position, all) => {
  return (
    !valueFlags.includes(argument) &&
    !valueFlags.includes(all[position - 1] ?? "") &&
    argument !== "--pgvector"
  );
});
const flag = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;

function measure(target: string[]): void {
  const script = join(repositoryRoot, "bench/spelling-measure.ts");
  const child = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", script, ...target, ...passThrough],
    {
      stdio: "inherit",
      cwd: repositoryRoot,
    },
  );
  if (child.status !== 0) process.exitCode = child.status ?? 1;
}

console.log(`machine: ${describeMachine()}`);
const kept = flag("--index-dir");
if (kept !== undefined) measure([kept]);
else {
  // --chunks 0 measures the handbook alone.
  for (const chunks of [1, Number(flag("--chunks") ?? 100_000)].filter((size) => size > 0)) {
    const workDir = await mkdtemp(join(tmpdir(), "docent-spelling-"));
    try {
      const built = await buildSyntheticIndex(handbook, workDir, chunks, new LocalEmbeddings());
      const what =
        built.corpus.copies === 1 ? "the 18F handbook" : `${built.corpus.copies} varied copies of it`;
      console.log(
        `\n${what}: ${built.summary.chunks} chunks built in ${seconds(built.buildMs)}; load ${loadAverage()}`,
      );
      measure([built.indexDir]);
      if (built.corpus.copies === 1 && process.argv.includes("--pgvector"))
        await measurePgvector(join(workDir, "docs"));
    } finally {
      if (process.argv.includes("--keep") && chunks > 1) console.log(`kept: ${join(workDir, "index")}`);
      else await rm(workDir, { recursive: true, force: true });
    }
  }
}

async function measurePgvector(docsDir: string): Promise<void> {
  const server = await startPostgres();
  try {
    const schema = "spelling";
    const store = await createPgvectorIndexStore({ url: server.url, schema, logger: silentLogger });
    const built = await ingestTimed(docsDir, store, new LocalEmbeddings());
    await store.close();
    console.log(`\nthe same in PostgreSQL (pgvector): built in ${seconds(built.buildMs)}`);
    measure(["--database-url", server.url, "--schema", schema]);
  } finally {
    await server.destroy();
  }
}
