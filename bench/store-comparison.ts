import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { createFileIndexStore } from "../src/index-store/files/file-index-store.js";
import { generationFiles } from "../src/index-store/files/index-paths.js";
import { openCurrentFileGeneration } from "../src/index-store/files/load-file-generation.js";
import type { IndexStore } from "../src/index-store/index-store.js";
import { KnowledgeBase } from "../src/index-store/knowledge-base.js";
import {
  createPgvectorIndexStore,
  pgvectorSessionSettings,
} from "../src/index-store/pgvector/pgvector-index-store.js";
import { silentLogger } from "../src/logging/logger.js";
import { connectDatabase } from "../src/postgres/connect-database.js";
import { type PostgresServer, startPostgres } from "../test/helpers/postgres-server.js";
import { makeHandbookQueries } from "./handbook-queries.js";
import {
  describeMachine,
  loadAverage,
  numberFlag,
  percentile,
  requireHandbook,
  seconds,
} from "./measure-helpers.js";
import { writeSyntheticCorpus } from "./synthetic-corpus.js";
import { ingestTimed, syntheticChunking } from "./synthetic-index.js";
import { ExactSearch, recallAtK } from "./vector-recall.js";

/**
 * The two index stores side by side on the same synthetic corpus (about 100k chunks from the 18F handbook, as in
 * search-scale.ts) and the same local embedder: full ingest time into each, then the search call the bots make
 * (KnowledgeBase.search, K=10, question embedding included) without and with a scope filter, and the recall@10 of
 * each vector side against exact cosine search. PostgreSQL: DATABASE_URL when set, else a temporary PostgreSQL 15
 * with pgvector started from the Debian binaries (.ci/install-postgres) with shared_buffers 6GB.
 * Usage: npx tsx bench/store-comparison.ts [--chunks 100000] [--queries 500]
 */
const handbook = requireHandbook();
const targetChunks = numberFlag("chunks", 100_000);
const queryCount = numberFlag("queries", 500);
const workDir = await mkdtemp(join(tmpdir(), "docent-store-comparison-"));
// A temporary server gets a quarter of this machine's memory for its buffers, as a tuned production server would.
const server = process.env.DATABASE_URL ? undefined : await startPostgres({ shared_buffers: "6GB" });
const databaseUrl = process.env.DATABASE_URL ?? (server as PostgresServer).url;
const schema = `bench_${process.pid}`;
const embedder = new LocalEmbeddings();
try {
  console.log(`machine: ${describeMachine()}`);
  const docsDir = join(workDir, "docs");
  const corpus = await writeSyntheticCorpus(handbook, docsDir, targetChunks, syntheticChunking);
  console.log(`corpus: ${corpus.copies} varied copies of the handbook, ${corpus.files} files`);
  const indexDir = join(workDir, "index");
  const stores: Array<[string, IndexStore]> = [
    ["hnswlib", createFileIndexStore(indexDir)],
    ["pgvector", await createPgvectorIndexStore({ url: databaseUrl, schema, logger: silentLogger })],
  ];
  for (const [name, store] of stores) {
    const timed = await ingestTimed(docsDir, store, embedder);
    const [scan, load, embed, write] = timed.stages.map(seconds);
    const rate = Math.round(timed.summary.chunks / (timed.buildMs / 1000));
    console.log(
      `ingest into ${name}: ${seconds(timed.buildMs)} for ${timed.summary.chunks} chunks (${rate} chunks/s; scan ${scan}, ` +
        `load+split ${load}, embed ${embed}, index+write+publish ${write}); load ${loadAverage()}`,
    );
  }

  const fileIndex = await openCurrentFileGeneration(indexDir, embedder.id);
  const queries = makeHandbookQueries(fileIndex.chunks.readAll(), queryCount);
  const scope = Object.keys(fileIndex.manifest.scopes).sort()[1] ?? "scope-1";
  for (const [name, store] of stores) {
    const knowledge = new KnowledgeBase(store, embedder, silentLogger);
    for (const scopes of [undefined, [scope]]) {
      for (const question of queries.slice(0, 50)) await knowledge.search(question, { k: 10, scopes });
      const times: number[] = [];
      for (const question of queries) {
        const started = performance.now();
        await knowledge.search(question, { k: 10, scopes });
        times.push(performance.now() - started);
      }
      console.log(
        `search ${name} K=10, ${scopes ? `scope ${scope}` : "no scope filter"}: p50 ${percentile(times, 0.5).toFixed(2)} ms, ` +
          `p99 ${percentile(times, 0.99).toFixed(2)} ms over ${queries.length} questions; load ${loadAverage()}`,
      );
    }
  }

  // Recall of each vector side against exact cosine search over the same vectors.
  const exact = await ExactSearch.load(
    generationFiles(fileIndex.folder).vectors,
    fileIndex.manifest.embedder.dimensions,
    fileIndex.chunks.readAll().map((chunk) => chunk.label),
  );
  const db = connectDatabase({
    url: databaseUrl,
    schema,
    logger: silentLogger,
    maxConnections: 1,
    sessionSettings: pgvectorSessionSettings,
  });
  const { rows: current } = await db.query<{ chunk_table: string }>(
    `SELECT chunk_table FROM ${db.table("generations")} WHERE is_current`,
  );
  const chunksTable = db.table(current[0]?.chunk_table ?? "chunks");
  const recall = { hnswlib: 0, pgvector: 0 };
  const sample = queries.slice(0, 200);
  for (const question of sample) {
    const vector = await embedder.embedQuery(question);
    const best = exact.topSimilarities(vector, 10);
    recall.hnswlib += recallAtK(
      fileIndex.vectors.search(vector, 10).map((hit) => hit.similarity),
      best,
      10,
    );
    const { rows } = await db.query<{ similarity: number }>(
      `SELECT 1 - (embedding <=> $1::vector) AS similarity FROM ${chunksTable} WHERE retired IS NULL
       ORDER BY embedding <=> $1::vector LIMIT 10`,
      [`[${vector.join(",")}]`],
    );
    recall.pgvector += recallAtK(
      rows.map((row) => row.similarity).sort((a, b) => b - a),
      best,
      10,
    );
  }
  await db.close();
  // The whole search (both sides fused) on each store: how many of the file store's top 10 pgvector returns too.
  const [fileSearch, pgSearch] = stores.map(([, store]) => new KnowledgeBase(store, embedder, silentLogger));
  let shared = 0;
  for (const question of sample) {
    const [fileHits, pgHits] = await Promise.all(
      [fileSearch, pgSearch].map((knowledge) => knowledge?.search(question, { k: 10 }) ?? []),
    );
    const fileIds = new Set((fileHits ?? []).map((hit) => hit.chunk.id));
    shared += (pgHits ?? []).filter((hit) => fileIds.has(hit.chunk.id)).length / Math.max(1, fileIds.size);
  }
  console.log(
    `fused top-10 agreement, ${sample.length} questions: pgvector returns ${(shared / sample.length).toFixed(4)} of the file store's top 10`,
  );
  console.log(
    `vector recall@10 against exact cosine, ${sample.length} questions: hnswlib (ef 200) ${(recall.hnswlib / sample.length).toFixed(4)}, ` +
      `pgvector HNSW (ef_search ${pgvectorSessionSettings["hnsw.ef_search"]}, m 16, ef_construction 200) ${(recall.pgvector / sample.length).toFixed(4)}`,
  );
  for (const [, store] of stores) await store.close();
} finally {
  await server?.destroy();
  await rm(workDir, { recursive: true, force: true });
}
