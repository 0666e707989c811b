import type pg from "pg";
import type { Database } from "../../postgres/connect-database.js";

/**
 * The keyword side's postings beside each chunk table (`<chunk table>_terms`): one row per (lexeme, chunk) with
 * what BM25 needs — the lexeme's count in the chunk and the chunk's length — and what the filters need — the
 * chunk's scope and generations (`born`, `retired`, kept in step with the chunk row). A search reads the postings
 * of the question's lexemes through the (lexeme, chunk) index and sums; a new table's postings are written in
 * lexeme order, so one lexeme's postings sit on few pages, and the index covers every column a search reads. Counts and lengths are those of the chunk's tsvector
 * (english configuration), as the full-text search used before.
 */
export const termTableOf = (chunkTable: string) => `${chunkTable}_terms`;

/** The (chunk id, lexeme) pairs of the chunk rows matching `condition`, from their tsvectors. */
const pairsOf = (chunks: string, condition: string) =>
  `SELECT c.id AS chunk, u.lexeme FROM ${chunks} c, unnest(c.keywords) AS u WHERE ${condition}`;

/** Creates and fills the postings of every row of a chunk table, then indexes them. */
export async function createTermTable(client: pg.PoolClient, db: Database, chunkTable: string) {
  const terms = db.table(termTableOf(chunkTable));
  await client.query(`DROP TABLE IF EXISTS ${terms}`);
  await client.query(`CREATE TABLE ${terms} (
    lexeme text NOT NULL,
    chunk bigint NOT NULL,
    count integer NOT NULL,
    length integer NOT NULL,
    born integer NOT NULL,
    retired integer,
    scope text NOT NULL
  )`);
  await addTerms(client, db, chunkTable, "true");
  // Covering: once vacuumed (before the switch), a search reads postings from the index alone.
  await client.query(
    `CREATE INDEX ON ${terms} (lexeme, chunk) INCLUDE (count, length, born, retired, scope)`,
  );
  await client.query(`CREATE INDEX ON ${terms} (retired) WHERE retired IS NOT NULL`);
}

/** Adds the postings of the chunk rows matching `condition` (over the chunk table as `c`). */
export async function addTerms(
  client: pg.PoolClient,
  db: Database,
  chunkTable: string,
  condition: string,
  values: unknown[] = [],
) {
  await client.query(
    `INSERT INTO ${db.table(termTableOf(chunkTable))} (lexeme, chunk, count, length, born, retired, scope)
     SELECT u.lexeme, c.id, coalesce(array_length(u.positions, 1), 1), c.keyword_length, c.born, c.retired, c.scope
     FROM ${db.table(chunkTable)} c, unnest(c.keywords) AS u WHERE ${condition}
     ORDER BY u.lexeme, c.id`,
    values,
  );
}

/** Copies `retired` from the chunk rows matching `condition` to their postings (found through the index). */
export async function syncRetired(
  client: pg.PoolClient,
  db: Database,
  chunkTable: string,
  condition: string,
  values: unknown[],
) {
  await client.query(
    `UPDATE ${db.table(termTableOf(chunkTable))} t SET retired = c.retired
     FROM (${pairsOf(db.table(chunkTable), condition)}) AS p JOIN ${db.table(chunkTable)} c ON c.id = p.chunk
     WHERE t.lexeme = p.lexeme AND t.chunk = p.chunk`,
    values,
  );
}

/** Deletes the postings of the chunk rows matching `condition` (before the rows themselves). */
export async function deleteTerms(
  client: pg.PoolClient,
  db: Database,
  chunkTable: string,
  condition: string,
  values: unknown[],
) {
  await client.query(
    `DELETE FROM ${db.table(termTableOf(chunkTable))} t USING (${pairsOf(db.table(chunkTable), condition)}) AS p
     WHERE t.lexeme = p.lexeme AND t.chunk = p.chunk`,
    values,
  );
}

/**
 * Chunk tables written before postings existed get theirs when a store opens (once: the first replica builds them
 * under a lock, in one transaction, while the others wait for it).
 */
export async function addMissingTermTables(db: Database): Promise<void> {
  const missing = async () => {
    const { rows } = await db.query<{ chunk_table: string }>(
      `SELECT DISTINCT chunk_table FROM ${db.table("generations")}
       WHERE to_regclass(quote_ident($1) || '.' || quote_ident(chunk_table || '_terms')) IS NULL`,
      [db.schema],
    );
    return rows.map((row) => row.chunk_table);
  };
  if ((await missing()).length === 0) return;
  await db.transaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [termTablesLockKey]);
    for (const chunkTable of await missing()) await createTermTable(client, db, chunkTable);
  });
}

const termTablesLockKey = 7_345_120_002;
