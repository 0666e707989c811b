import type pg from "pg";
import type { Logger } from "../../logging/logger.js";
import type { Database } from "../../postgres/connect-database.js";
import type { GenerationDraft } from "../index-store.js";
import type { Manifest } from "../manifest.js";
import { buildNextManifest } from "../next-manifest.js";
import {
  chunkTableDimensions,
  createChunkTable,
  createVectorIndex,
  insertChunks,
  visibleIn,
} from "./chunk-table.js";

/**
 * Writes a generation and makes it current in ONE transaction: replicas keep reading the old generation until the
 * commit and the new one right after; a run that dies half-way (kill -9, a lost connection) is rolled back by
 * PostgreSQL, leaving nothing behind. Unchanged chunks are not copied: the rows of replaced sources get `retired`,
 * new rows are `born` in the new generation. The generation replaced stays for rollback; older ones are deleted.
 */
export async function writePgvectorGeneration(
  db: Database,
  draft: GenerationDraft,
  logger: Logger,
): Promise<Manifest> {
  return db.transaction(async (client) => {
    const generations = db.table("generations");
    const chunks = db.table("chunks");
    const current = await idOf(client, db, "is_current");
    const previous = draft.previous ? await idOf(client, db, "name = $1", [draft.previous.generation]) : null;

    const dimensions = await chunkTableDimensions(client, db);
    const freshTable = dimensions !== draft.dimensions;
    if (freshTable) {
      // First ingest, or an embedder with other dimensions: older generations cannot be searched with it anyway.
      if (dimensions !== null)
        logger.warn({ dimensions, next: draft.dimensions }, "vector size changed: old generations dropped");
      await client.query(`DELETE FROM ${generations}`);
      await createChunkTable(client, db, draft.dimensions);
    } else if (current !== null) {
      // Generations newer than the current one were rolled back from: forget them and restore its rows.
      await client.query(`DELETE FROM ${chunks} WHERE born > $1`, [current]);
      await client.query(`UPDATE ${chunks} SET retired = NULL WHERE retired > $1`, [current]);
      await client.query(`DELETE FROM ${generations} WHERE id > $1`, [current]);
    }

    const manifest = buildNextManifest(draft);
    const inserted = await client.query<{ id: number }>(
      `INSERT INTO ${generations} (name, manifest) VALUES ($1, $2) RETURNING id`,
      [draft.name, manifest],
    );
    const id = inserted.rows[0]?.id as number;
    if (!freshTable) {
      // Without a previous generation (--rebuild) every present row goes; otherwise the replaced sources' rows.
      await client.query(
        `UPDATE ${chunks} SET retired = $1 WHERE retired IS NULL AND born < $1
         AND ($2::boolean OR source = ANY($3::text[]))`,
        [id, previous === null, [...draft.replacedSources]],
      );
    }
    await insertChunks(
      client,
      db,
      id,
      draft.split.flatMap((file) => file.chunks),
      draft.vectors,
    );
    if (freshTable) await createVectorIndex(client, db);
    await recordStatistics(client, db, id);

    await client.query(`UPDATE ${generations} SET is_current = false WHERE is_current`);
    await client.query(`UPDATE ${generations} SET is_current = true WHERE id = $1`, [id]);
    // Keep this generation and the one it replaced (for rollback); rows no kept generation shows go.
    const oldestKept = current ?? id;
    await client.query(`DELETE FROM ${generations} WHERE id < $1`, [oldestKept]);
    await client.query(`DELETE FROM ${chunks} WHERE retired <= $1`, [oldestKept]);
    await client.query(`ANALYZE ${chunks}`);
    return manifest;
  });
}

/** The keyword side's statistics for a generation: average length and the document frequency of every lexeme. */
async function recordStatistics(client: pg.PoolClient, db: Database, id: number): Promise<void> {
  const visible = `SELECT keywords FROM ${db.table("chunks")} WHERE ${visibleIn(String(Math.trunc(id)))}`;
  await client.query(
    `INSERT INTO ${db.table("lexemes")} (generation_id, lexeme, documents)
     SELECT $1, word, ndoc FROM ts_stat($2)`,
    [id, visible],
  );
  await client.query(
    `UPDATE ${db.table("generations")} SET average_length = coalesce(
       (SELECT avg(keyword_length) FROM ${db.table("chunks")} WHERE ${visibleIn("$1")}), 0)
     WHERE id = $1`,
    [id],
  );
}

async function idOf(
  client: pg.PoolClient,
  db: Database,
  condition: string,
  values: unknown[] = [],
): Promise<number | null> {
  const { rows } = await client.query<{ id: number }>(
    `SELECT id FROM ${db.table("generations")} WHERE ${condition}`,
    values,
  );
  return rows[0]?.id ?? null;
}
