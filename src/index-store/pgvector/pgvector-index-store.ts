import { DocentError } from "../../errors.js";
import type { Logger } from "../../logging/logger.js";
import { connectDatabase, type Database, describeLocation } from "../../postgres/connect-database.js";
import { createIndexTables } from "../../postgres/migrate.js";
import type { IndexStore, LastRun } from "../index-store.js";
import { parseManifest } from "../manifest.js";
import { acquireAdvisoryLock, advisoryLockKey } from "./advisory-lock.js";
import { addMissingTermTables } from "./keyword-postings.js";
import { removeUnusedChunks } from "./remove-unused-chunks.js";
import { servePgvectorGeneration } from "./search-pgvector-generation.js";
import { switchCurrentGeneration, writePgvectorGeneration } from "./write-pgvector-generation.js";

/**
 * HNSW search breadth 200 as in the local store (pgvector's default is 40: recall@10 0.80 against 0.95 on the
 * 100k-chunk benchmark corpus); iterative scans keep scope-filtered searches full.
 */
export const pgvectorSessionSettings = { "hnsw.ef_search": "200", "hnsw.iterative_scan": "relaxed_order" };

/**
 * The index in PostgreSQL (VECTOR_STORE=pgvector): chunks and vectors (HNSW, cosine) in a chunk table, keywords in
 * BM25 postings beside it (keyword-postings.ts), generations in another. Several replicas share it: each looks at
 * the current generation about once a second and serves a new one as soon as an ingest has switched to it. The
 * single-run lock is a session advisory lock, so a run that dies releases it with its connection.
 */
export async function createPgvectorIndexStore(options: {
  url: string;
  schema: string;
  logger: Logger;
}): Promise<IndexStore> {
  const db = await openIndexDatabase(options);
  const lockKey = advisoryLockKey(options.schema);
  const where = `PostgreSQL at ${describeLocation(options.url)} (schema ${options.schema})`;
  const generationRow = (name: string) => readGenerationRow(db, name, where);

  return {
    description: where,
    lockIngest: () => acquireAdvisoryLock(db, lockKey, where),
    // A killed run leaves at most a built generation it never switched to (forgotten by the next build) and chunk
    // tables no generation uses. Old generations go when a new one is written.
    cleanUp: () => removeUnusedChunks(db, null),
    currentGeneration: () => currentGenerationName(db),
    listGenerations: () => publishedGenerationNames(db),
    readManifest: async (name) => (await generationRow(name)).manifest,
    async openGeneration(manifest) {
      const { id, table } = await generationRow(manifest.generation);
      return servePgvectorGeneration(db, { id, table }, manifest);
    },
    writeGeneration: (draft) => writePgvectorGeneration(db, draft, options.logger),
    async publishGeneration(name) {
      await switchCurrentGeneration(db, (await generationRow(name)).id);
    },
    recordLastRun: (run) => writeLastRun(db, run),
    readLastRun: () => readLastRun(db),
    close: () => db.close(),
  };
}

/** Connects, and creates the index's tables where they are missing (closing the connections if that fails). */
async function openIndexDatabase(options: {
  url: string;
  schema: string;
  logger: Logger;
}): Promise<Database> {
  const db = connectDatabase({ ...options, sessionSettings: pgvectorSessionSettings });
  await createIndexTables(db)
    .then(() => addMissingTermTables(db))
    .catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
  return db;
}

/** A generation's row: its id, its chunk table and its manifest; INDEX_MISSING when there is none of that name. */
async function readGenerationRow(db: Database, name: string, where: string) {
  const { rows } = await db.query<{ id: number; chunk_table: string; manifest: unknown }>(
    `SELECT id, chunk_table, manifest FROM ${db.table("generations")} WHERE name = $1`,
    [name],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new DocentError("INDEX_MISSING", `The generation ${name} is not in ${where}`);
  }
  return {
    id: row.id,
    table: row.chunk_table,
    manifest: parseManifest(row.manifest, `The manifest of ${name} in ${where}`),
  };
}

async function currentGenerationName(db: Database): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT name FROM ${db.table("generations")} WHERE is_current`,
  );
  return rows[0]?.name ?? null;
}

/** The generations ever made current and still kept, oldest first. */
async function publishedGenerationNames(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT name FROM ${db.table("generations")} WHERE published ORDER BY id`,
  );
  return rows.map((row) => row.name);
}

/** The latest ingest run, one row of the state table. */
async function writeLastRun(db: Database, run: LastRun): Promise<void> {
  await db.query(
    `INSERT INTO ${db.table("state")} (key, value) VALUES ('last_run', $1)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify(run)],
  );
}

async function readLastRun(db: Database): Promise<LastRun | null> {
  const { rows } = await db.query<{ value: LastRun }>(
    `SELECT value FROM ${db.table("state")} WHERE key = 'last_run'`,
  );
  return rows[0]?.value ?? null;
}
