import { createHash } from "node:crypto";
import { DocentError } from "../../errors.js";
import type { Logger } from "../../logging/logger.js";
import { asDatabaseError, connectDatabase, describeLocation } from "../../postgres/connect-database.js";
import { createIndexTables } from "../../postgres/migrate.js";
import type { IndexStore, LastRun } from "../index-store.js";
import { parseManifest } from "../manifest.js";
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
  const db = connectDatabase({ ...options, sessionSettings: pgvectorSessionSettings });
  await createIndexTables(db)
    .then(() => addMissingTermTables(db))
    .catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
  const generations = db.table("generations");
  const lockKey = advisoryLockKey(options.schema);
  const where = `PostgreSQL at ${describeLocation(options.url)} (schema ${options.schema})`;

  async function manifestRow(name: string) {
    const { rows } = await db.query<{ id: number; chunk_table: string; manifest: unknown }>(
      `SELECT id, chunk_table, manifest FROM ${generations} WHERE name = $1`,
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

  return {
    description: where,
    async lockIngest() {
      const client = await db.pool.connect().catch((error: unknown) => {
        throw asDatabaseError(error, where);
      });
      const locked = await client
        .query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [lockKey])
        .then((result) => result.rows[0]?.locked === true)
        .catch((error: unknown) => {
          client.release(error instanceof Error ? error : true);
          throw asDatabaseError(error, where);
        });
      if (!locked) {
        client.release();
        throw new DocentError("INGEST_LOCKED", `Another ingest is already running on ${where}.`);
      }
      return {
        async release() {
          await client.query("SELECT pg_advisory_unlock($1)", [lockKey]).catch(() => undefined);
          client.release();
        },
      };
    },
    // A killed run leaves at most a built generation it never switched to (forgotten by the next build) and chunk
    // tables no generation uses. Old generations go when a new one is written.
    cleanUp: () => removeUnusedChunks(db, null),
    async currentGeneration() {
      const { rows } = await db.query<{ name: string }>(`SELECT name FROM ${generations} WHERE is_current`);
      return rows[0]?.name ?? null;
    },
    async listGenerations() {
      const { rows } = await db.query<{ name: string }>(
        `SELECT name FROM ${generations} WHERE published ORDER BY id`,
      );
      return rows.map((row) => row.name);
    },
    readManifest: async (name) => (await manifestRow(name)).manifest,
    async openGeneration(manifest) {
      const { id, table } = await manifestRow(manifest.generation);
      return servePgvectorGeneration(db, { id, table }, manifest);
    },
    writeGeneration: (draft) => writePgvectorGeneration(db, draft, options.logger),
    async publishGeneration(name) {
      await switchCurrentGeneration(db, (await manifestRow(name)).id);
    },
    async recordLastRun(run) {
      await db.query(
        `INSERT INTO ${db.table("state")} (key, value) VALUES ('last_run', $1)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [JSON.stringify(run)],
      );
    },
    async readLastRun() {
      const { rows } = await db.query<{ value: LastRun }>(
        `SELECT value FROM ${db.table("state")} WHERE key = 'last_run'`,
      );
      return rows[0]?.value ?? null;
    },
    close: () => db.close(),
  };
}

/** One lock per schema: a 63-bit key from the schema's name. */
function advisoryLockKey(schema: string): string {
  const digest = createHash("sha256").update(`docent-ingest:${schema}`).digest();
  return (digest.readBigInt64BE(0) & 0x3fffffffffffffffn).toString();
}
