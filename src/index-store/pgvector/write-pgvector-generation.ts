import type pg from "pg";
import { DocentError } from "../../errors.js";
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
import { addTerms, createTermTable, deleteTerms, syncRetired, termTableOf } from "./keyword-postings.js";
import { removeUnusedChunks } from "./remove-unused-chunks.js";

/**
 * Writes a generation beside the one being served, then makes it current in one short transaction:
 *   1. build (one transaction, as long as it takes): the generation's row, not current, and its chunks. Building
 *      on the current generation with its vector size, the new rows go into its table (`born` in the new
 *      generation, the replaced sources' rows get `retired`; readers of older generations see neither). Otherwise
 *      (a first ingest, --rebuild, an embedder change: no previous generation) into a new table of its own.
 *      Nothing a reader uses is locked, so replicas keep answering from the current generation throughout; a run
 *      that dies is rolled back.
 *   2. VACUUM (ANALYZE) of the tables written, then the switch (one short transaction): the pointer `is_current`
 *      moves to the new generation.
 *   3. clean-up: generations older than the one replaced (kept for rollback) are deleted, with the rows no kept
 *      generation shows and the chunk tables no generation uses.
 */
export async function writePgvectorGeneration(
  db: Database,
  draft: GenerationDraft,
  logger: Logger,
): Promise<Manifest> {
  const manifest = buildNextManifest(draft);
  const { id, table, replaced } = await db.transaction((client) =>
    buildGeneration(client, db, draft, manifest, logger),
  );
  // Statistics for the planner and the visibility map for index-only scans of the postings, before readers come.
  await db.query(`VACUUM (ANALYZE) ${db.table(termTableOf(table))}, ${db.table(table)}`);
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
    await client.query(`UPDATE ${generations} SET is_current = true, published = true WHERE id = $1`, [id]);
  });
}

/** The generation's row and its chunks, in the build's transaction; nothing a reader uses is locked. */
async function buildGeneration(
  client: pg.PoolClient,
  db: Database,
  draft: GenerationDraft,
  manifest: Manifest,
  logger: Logger,
): Promise<{ id: number; table: string; replaced: number | null }> {
  const choice = await chooseChunkTable(client, db, draft);
  const { id, table } = await insertGenerationRow(client, db, draft, manifest, choice);
  if (choice.reuse) {
    await addToCurrentTable(client, db, { table, current: choice.current.id, id }, draft);
  } else {
    if (choice.dimensions !== null && choice.dimensions !== draft.dimensions) {
      logger.warn(
        { dimensions: choice.dimensions, next: draft.dimensions },
        "vector size changed: a new chunk table is built",
      );
    }
    await fillNewTable(client, db, { table, id }, draft);
  }
  await recordStatistics(client, db, db.table(table), id);
  return { id, table, replaced: choice.current?.id ?? null };
}

interface GenerationRow {
  id: number;
  table: string;
}

/** Whether the new generation's rows go into the current generation's table, and what that table holds. */
type TableChoice =
  | { reuse: true; current: GenerationRow; dimensions: number | null }
  | { reuse: false; current: GenerationRow | null; dimensions: number | null };

/**
 * Building on the current generation with the same vector size: its table takes the new rows. Otherwise (a first
 * ingest, --rebuild, another embedder) a new table, so that the served one is neither locked nor bloated. On the
 * way, the generations newer than the current one are forgotten.
 */
async function chooseChunkTable(
  client: pg.PoolClient,
  db: Database,
  draft: GenerationDraft,
): Promise<TableChoice> {
  const current = await generationRow(client, db, "is_current");
  const previous = draft.previous
    ? await generationRow(client, db, "name = $1", [draft.previous.generation])
    : null;
  // Generations newer than the current one were rolled back from, or never switched to (a run that died between
  // its build and its switch, unpublished and not listed): forget them; their own tables go at the clean-up.
  await client.query(`DELETE FROM ${db.table("generations")} WHERE id > $1`, [current?.id ?? 0]);

  const dimensions = current === null ? null : await chunkTableDimensions(client, db, current.table);
  if (current !== null && previous?.id === current.id && dimensions === draft.dimensions) {
    return { reuse: true, current, dimensions };
  }
  if (previous !== null) {
    // The ingest builds on the current generation, with the same embedder: a new table would lose its chunks.
    throw new DocentError(
      "INDEX_INCOMPATIBLE",
      `${draft.name} cannot build on ${draft.previous?.generation}: it is not the current generation, or its vectors have ${dimensions} dimensions, not ${draft.dimensions}.`,
    );
  }
  return { reuse: false, current, dimensions };
}

/** The generation's row, not current and not published, naming the chunk table chosen for it. */
async function insertGenerationRow(
  client: pg.PoolClient,
  db: Database,
  draft: GenerationDraft,
  manifest: Manifest,
  choice: TableChoice,
): Promise<GenerationRow> {
  const generations = db.table("generations");
  const inserted = await client.query<{ id: number }>(
    `INSERT INTO ${generations} (name, manifest, published) VALUES ($1, $2, false) RETURNING id`,
    [draft.name, manifest],
  );
  const id = inserted.rows[0]?.id as number;
  const table = choice.reuse ? choice.current.table : chunkTableName(id);
  await client.query(`UPDATE ${generations} SET chunk_table = $2 WHERE id = $1`, [id, table]);
  return { id, table };
}

/**
 * The new rows in the current generation's table: the current generation's rows are restored from abandoned
 * generations, then the replaced sources' rows are retired and the new chunks added with their terms.
 */
async function addToCurrentTable(
  client: pg.PoolClient,
  db: Database,
  { table, current, id }: { table: string; current: number; id: number },
  draft: GenerationDraft,
): Promise<void> {
  const chunks = db.table(table);
  await deleteTerms(client, db, table, "c.born > $1", [current]);
  await client.query(`DELETE FROM ${chunks} WHERE born > $1`, [current]);
  await client.query(`UPDATE ${chunks} SET retired = NULL WHERE retired > $1`, [current]);
  await client.query(`UPDATE ${db.table(termTableOf(table))} SET retired = NULL WHERE retired > $1`, [
    current,
  ]);
  await client.query(`UPDATE ${chunks} SET retired = $1 WHERE retired IS NULL AND source = ANY($2::text[])`, [
    id,
    [...draft.replacedSources],
  ]);
  await syncRetired(client, db, table, "c.retired = $1", [id]);
  await insertChunks(client, chunks, id, newChunksOf(draft), draft.vectors);
  await addTerms(client, db, table, "c.born = $1", [id]);
}

/** A new chunk table with the generation's chunks, then its vector index and its keyword postings. */
async function fillNewTable(
  client: pg.PoolClient,
  db: Database,
  { table, id }: GenerationRow,
  draft: GenerationDraft,
): Promise<void> {
  await createChunkTable(client, db, table, draft.dimensions);
  await insertChunks(client, db.table(table), id, newChunksOf(draft), draft.vectors);
  await createVectorIndex(client, db, table);
  await createTermTable(client, db, table);
}

function newChunksOf(draft: GenerationDraft) {
  return draft.split.flatMap((file) => file.chunks);
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
): Promise<GenerationRow | null> {
  const { rows } = await client.query<{ id: number; chunk_table: string }>(
    `SELECT id, chunk_table FROM ${db.table("generations")} WHERE ${condition}`,
    values,
  );
  const row = rows[0];
  return row === undefined ? null : { id: row.id, table: row.chunk_table };
}
