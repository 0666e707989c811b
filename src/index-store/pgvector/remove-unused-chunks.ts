import type { Database } from "../../postgres/connect-database.js";
import { termTableOf } from "./keyword-postings.js";

/**
 * The pgvector store's clean-up, after a switch and at the start of an ingest: generations older than
 * `oldestKept` go (with their keyword statistics), then the rows that no remaining generation shows, then the
 * chunk tables that no remaining generation uses. A table is dropped one ingest after readers moved off it (the
 * generation it replaced is kept for rollback), so no replica is still searching it. Safe to repeat.
 */
export async function removeUnusedChunks(db: Database, oldestKept: number | null): Promise<void> {
  const generations = db.table("generations");
  if (oldestKept !== null) await db.query(`DELETE FROM ${generations} WHERE id < $1`, [oldestKept]);
  const used = await db.query<{ chunk_table: string; oldest: number }>(
    `SELECT chunk_table, min(id) AS oldest FROM ${generations} GROUP BY chunk_table`,
  );
  for (const { chunk_table, oldest } of used.rows) {
    await db.query(`DELETE FROM ${db.table(termTableOf(chunk_table))} WHERE retired <= $1`, [oldest]);
    await db.query(`DELETE FROM ${db.table(chunk_table)} WHERE retired <= $1`, [oldest]);
  }
  const inUse = new Set(used.rows.map((row) => row.chunk_table));
  const tables = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename ~ '^chunks(_[0-9]+)?$'`,
    [db.schema],
  );
  for (const { tablename } of tables.rows) {
    if (inUse.has(tablename)) continue;
    await db.query(`DROP TABLE IF EXISTS ${db.table(termTableOf(tablename))}, ${db.table(tablename)}`);
  }
}
