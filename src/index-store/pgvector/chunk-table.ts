import type pg from "pg";
import type { Chunk } from "../../documents/chunk.js";
import type { Database } from "../../postgres/connect-database.js";
import { postgresText } from "../../postgres/postgres-text.js";
import { chunkIndexText } from "../../retrieval/index-text.js";

/**
 * A chunk table of the pgvector store. Every chunk row says in which generations it is present: from `born`
 * until `retired` (exclusive; null while present). A generation is therefore a view over one table, unchanged
 * chunks are shared by consecutive generations instead of copied, and the previous generation stays intact for
 * rollback. The keyword side reads postings made from `keywords` (english lexemes; keyword-postings.ts).
 * The vector column has the embedder's dimensions; HNSW index with cosine distance. A generation with other
 * dimensions gets a table of its own (`chunks_<generation id>`), built beside the one being served; the
 * generations table says which table holds each generation (`chunk_table`).
 */
export const visibleIn = (generationParameter: string) =>
  `born <= ${generationParameter} AND (retired IS NULL OR retired > ${generationParameter})`;

/** The table name of a new generation's own chunk table. */
export const chunkTableName = (generationId: number) => `chunks_${Math.trunc(generationId)}`;

/** The dimensions of a chunk table's vector column, or null when the table does not exist. */
export async function chunkTableDimensions(
  client: pg.PoolClient,
  db: Database,
  name: string,
): Promise<number | null> {
  const { rows } = await client.query<{ dimensions: number }>(
    `SELECT atttypmod AS dimensions FROM pg_attribute
     WHERE attrelid = to_regclass($1) AND attname = 'embedding' AND NOT attisdropped`,
    [db.table(name)],
  );
  return rows[0]?.dimensions ?? null;
}

export async function createChunkTable(
  client: pg.PoolClient,
  db: Database,
  name: string,
  dimensions: number,
) {
  const chunks = db.table(name);
  await client.query(`DROP TABLE IF EXISTS ${chunks}`);
  await client.query(`CREATE TABLE ${chunks} (
    id bigserial PRIMARY KEY,
    born integer NOT NULL,
    retired integer,
    chunk_id text NOT NULL,
    source text NOT NULL,
    scope text NOT NULL,
    title text NOT NULL,
    heading_path jsonb NOT NULL,
    page integer,
    position integer NOT NULL,
    text text NOT NULL,
    content_hash text NOT NULL,
    keywords tsvector NOT NULL,
    keyword_length integer NOT NULL,
    embedding vector(${Math.trunc(dimensions)}) NOT NULL
  )`);
  await client.query(`CREATE INDEX ON ${chunks} (source) WHERE retired IS NULL`);
  await client.query(`CREATE INDEX ON ${chunks} (retired)`);
}

/**
 * The HNSW graph with the local store's parameters (m 16, ef_construction 200; pgvector's default of 64 builds
 * about twice as fast but reached recall@10 0.67 against 0.89 at ef_search 100 on the 100k-chunk benchmark corpus).
 */
export async function createVectorIndex(client: pg.PoolClient, db: Database, name: string): Promise<void> {
  await client.query("SET LOCAL maintenance_work_mem = '512MB'");
  await client.query(
    `CREATE INDEX IF NOT EXISTS "${name}_embedding" ON ${db.table(name)}
     USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 200)`,
  );
}

/** Rows per INSERT: about 2 MB of parameters with 384-dimensional vectors. */
const insertBatch = 500;

/** Inserts new chunks, born in `generationId`, in batches of one INSERT ... SELECT FROM unnest(...). */
export async function insertChunks(
  client: pg.PoolClient,
  table: string,
  generationId: number,
  chunks: readonly Chunk[],
  vectors: readonly (readonly number[])[],
): Promise<void> {
  for (let start = 0; start < chunks.length; start += insertBatch) {
    const batch = chunks.slice(start, start + insertBatch);
    const column = <T>(pick: (chunk: Chunk, index: number) => T) =>
      batch.map((chunk, index) => pick(chunk, start + index));
    await client.query(
      `INSERT INTO ${table} (born, chunk_id, source, scope, title, heading_path, page, position,
         text, content_hash, keywords, keyword_length, embedding)
       SELECT $1, chunk_id, source, scope, title, heading_path::jsonb, page, position, text, content_hash,
         keywords, (SELECT coalesce(sum(array_length(positions, 1)), 0) FROM unnest(keywords)), embedding::vector
       FROM (
         SELECT *, to_tsvector('english', index_text) AS keywords
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::integer[],
           $9::text[], $10::text[], $11::text[], $12::text[])
           AS input(chunk_id, source, scope, title, heading_path, page, position, text, content_hash, index_text,
             embedding)
       ) AS prepared`,
      [
        generationId,
        column((chunk) => chunk.id),
        column((chunk) => chunk.source),
        column((chunk) => chunk.scope),
        column((chunk) => postgresText(chunk.title)),
        column((chunk) => JSON.stringify(chunk.headingPath.map(postgresText))),
        column((chunk) => chunk.page),
        column((chunk) => chunk.position),
        column((chunk) => postgresText(chunk.text)),
        column((chunk) => chunk.contentHash),
        column((chunk) => postgresText(chunkIndexText(chunk))),
        column((_chunk, index) => `[${(vectors[index] ?? []).join(",")}]`),
      ],
    );
  }
}

export interface ChunkRow {
  id: string;
  chunk_id: string;
  source: string;
  scope: string;
  title: string;
  heading_path: string[];
  page: number | null;
  position: number;
  text: string;
  content_hash: string;
}

export const chunkColumns =
  "id, chunk_id, source, scope, title, heading_path, page, position, text, content_hash";

export function toChunk(row: ChunkRow): Chunk {
  return {
    id: row.chunk_id,
    source: row.source,
    scope: row.scope,
    title: row.title,
    headingPath: row.heading_path,
    page: row.page,
    position: row.position,
    text: row.text,
    contentHash: row.content_hash,
  };
}
