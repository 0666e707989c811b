import type pg from "pg";
import type { Logger } from "../../logging/logger.js";
import type { Database } from "../../postgres/connect-database.js";
import type { GenerationDraft } from "../index-store.js";
import type { Manifest } from "../manifest.js";
import { buildNextManifest } from "../next-manifest.js";
import {
  chunkTableDimensions,
  chunkTableName,
  createChunkTable,
  createVectorIndex,
  insertChunks,
  visibleIn,
} from "./chunk-table.js";
import { removeUnusedChunks } from "./remove-unused-chunks.js";

/**
 * Writes a generation beside the one being served, then makes it current in one short transaction:
 *   1. build (one transaction, as long as it takes): the generation's row, not current, and its chunks. With the
 *      current table's vector size, the new rows go into that table (`born` in the new generation, the replaced
 *      sources' rows get `retired`; readers of older generations do not see either). With another size (a first
 *      ingest, an embedder change) into a new table of its own. Nothing a reader uses is locked or changed, so
 *      replicas keep answering from the current generation throughout; a run that dies is rolled back.
 *   2. switch (one short transaction): the pointer `is_current` moves to the new generation.
 *   3. clean-up: generations older than the one replaced (kept for rollback) are deleted, with the rows no kept
 *      generation shows and the chunk tables no generation uses.
 */
export async function writePgvectorGeneration(
  db: Database,
  draft: GenerationDraft,
  logger: Logger,
): Promise<Manifest> {
  const manifest = buildNextManifest(draft);
  const { id, replaced } = await db.transaction((client) =>
    buildGeneration(client, db, draft, manifest, logger),
  );
  await switchCurrentGeneration(db, id);
  await removeUnusedChunks(db, replaced ?? id).catch((error: unknown) =>
    logger.warn({ err: error }, "old index generations not removed yet (the next ingest retries)"),
  );
  return manifest;
}

/** Makes a generation current, in one short transaction. */
export async function switchCurrentGeneration(db: Database, id: number): Promise<void> {
  const generations = db.table("generations");
  await db.transaction(async (client) => {
    await client.query(`UPDATE ${generations} SET is_current = false WHERE is_current AND id <> $1`, [id]);
    await client.query(`UPDATE ${generations} SET is_current = true WHERE id = $1`, [id]);
  });
}

async function buildGeneration(
  client: pg.PoolClient,
  db: Database,
  draft: GenerationDraft,
  manifest: Manifest,
  logger: Logger,
): Promise<{ id: number; replaced: number | null }> {
  const generations = db.table("generations");
  const current = await generationRow(client, db, "is_current");
  const previous = draft.previous
    ? await generationRow(client, db, "name = $1", [draft.previous.generation])
    : null;
  // Generations newer than the current one were rolled back from, or never switched to (a run that died between
  // its build and its switch): forget them; their tables, if they had their own, go at the clean-up.
  await client.query(`DELETE FROM ${generations} WHERE id > $1`, [current?.id ?? 0]);

  const dimensions = current === null ? null : await chunkTableDimensions(client, db, current.table);
  const reuse = current !== null && dimensions === draft.dimensions;
  const inserted = await client.query<{ id: number }>(
    `INSERT INTO ${generations} (name, manifest) VALUES ($1, $2) RETURNING id`,
    [draft.name, manifest],
  );
  const id = inserted.rows[0]?.id as number;
  const table = reuse ? current.table : chunkTableName(id);
  await client.query(`UPDATE ${generations} SET chunk_table = $2 WHERE id = $1`, [id, table]);
  const chunks = db.table(table);

  if (reuse) {
    // Restore the current generation's rows from abandoned generations, then retire what this one replaces:
    // without a previous generation (--rebuild) every present row, otherwise the replaced sources' rows.
    await client.query(`DELETE FROM ${chunks} WHERE born > $1`, [current.id]);
    await client.query(`UPDATE ${chunks} SET retired = NULL WHERE retired > $1`, [current.id]);
    await client.query(
      `UPDATE ${chunks} SET retired = $1 WHERE retired IS NULL AND born < $1
       AND ($2::boolean OR source = ANY($3::text[]))`,
      [id, previous === null, [...draft.replacedSources]],
    );
  } else {
    if (dimensions !== null)
      logger.warn({ dimensions, next: draft.dimensions }, "vector size changed: a new chunk table is built");
    await createChunkTable(client, db, table, draft.dimensions);
  }
  await insertChunks(
    client,
    chunks,
    id,
    draft.split.flatMap((file) => file.chunks),
    draft.vectors,
  );
  if (!reuse) await createVectorIndex(client, db, table);
  await recordStatistics(client, db, chunks, id);
  await client.query(`ANALYZE ${chunks}`);
  return { id, replaced: current?.id ?? null };
}

/** The keyword side's statistics for a generation: average length and the document frequency of every lexeme. */
async function recordStatistics(client: pg.PoolClient, db: Database, chunks: string, id: number) {
  const visible = `SELECT keywords FROM ${chunks} WHERE ${visibleIn(String(Math.trunc(id)))}`;
  await client.query(
    `INSERT INTO ${db.table("lexemes")} (generation_id, lexeme, documents)
     SELECT $1, word, ndoc FROM ts_stat($2)`,
    [id, visible],
  );
  await client.query(
    `UPDATE ${db.table("generations")} SET average_length = coalesce(
       (SELECT avg(keyword_length) FROM ${chunks} WHERE ${visibleIn("$1")}), 0)
     WHERE id = $1`,
    [id],
  );
}

async function generationRow(
  client: pg.PoolClient,
  db: Database,
  condition: string,
  values: unknown[] = [],
): Promise<{ id: number; table: string } | null> {
  const { rows } = await client.query<{ id: number; chunk_table: string }>(
    `SELECT id, chunk_table FROM ${db.table("generations")} WHERE ${condition}`,
    values,
  );
  const row = rows[0];
  return row === undefined ? null : { id: row.id, table: row.chunk_table };
}
