import type { SearchHit } from "../../documents/chunk.js";
import { asDatabaseError, type Database, describeLocation } from "../../postgres/connect-database.js";
import { postgresText } from "../../postgres/postgres-text.js";
import { type FusedHit, fuseRankings, type RankedHit } from "../../retrieval/fuse-rankings.js";
import { type SearchOptions, type ServedGeneration, searchDepth } from "../index-store.js";
import type { Manifest } from "../manifest.js";
import { type ChunkRow, chunkColumns, toChunk } from "./chunk-table.js";
import { hybridSearchSql, type SearchLimits } from "./hybrid-search-sql.js";
import { loadLexemeVocabulary } from "./lexeme-vocabulary.js";

/** Keyword candidates completed with every lexeme of the question, per result wanted. */
const candidateFactor = 3;
/** Chunks read with the scores beyond the k wanted, in case fusion in JavaScript orders the edge differently. */
const spareChunks = 5;

interface PreparedStatement {
  name: string;
  text: string;
}

interface SearchRow extends Partial<Omit<ChunkRow, "id">> {
  id: string;
  similarity: number | null;
  score: number | null;
}

/**
 * Hybrid retrieval in one pgvector generation, the same two sides as the local store, both filtered inside the
 * database by generation and scope, in one prepared statement (hybrid-search-sql.ts). The rankings are fused
 * like the local store's (fuseRankings); the chunks of the top k come with the scores.
 */
export function servePgvectorGeneration(
  db: Database,
  { id, table }: { id: number; table: string },
  manifest: Manifest,
): ServedGeneration {
  const statementFor = preparedStatements(db, table);
  const where = describeLocation(db.pool.options.connectionString ?? "");

  return {
    manifest,
    // Read once per generation (one query over its rows of `lexemes`); a failed read is tried again next time.
    vocabulary: keepUnlessFailed(() => loadLexemeVocabulary(db, id)),
    async search(question, queryVector, options: SearchOptions): Promise<SearchHit[]> {
      if (options.k <= 0 || question.trim() === "") return [];
      const depth = searchDepth(options);
      const scopes = options.scopes === undefined ? null : [...options.scopes];
      const { rows } = await db.pool
        .query<SearchRow>({
          ...statementFor({ depth, candidates: depth * candidateFactor, rows: options.k + spareChunks }),
          values: [postgresText(question), id, manifest.counts.chunks, scopes, `[${queryVector.join(",")}]`],
        })
        .catch((error: unknown) => {
          throw asDatabaseError(error, where);
        });
      const fused = fuseSides(rows).slice(0, options.k);
      const chunkRows = await readChunkRows(db, table, rows, fused);
      return fused.flatMap((hit) => {
        const row = chunkRows.get(hit.label);
        if (row === undefined) return [];
        const { label: _label, ...scores } = hit;
        return [{ chunk: toChunk(row), ...scores }];
      });
    },
  };
}

/** One prepared statement per connection and set of limits (k decides them; bots use one or two). */
function preparedStatements(db: Database, table: string): (limits: SearchLimits) => PreparedStatement {
  const statements = new Map<string, PreparedStatement>();
  return (limits) => {
    const key = `${limits.depth}-${limits.candidates}-${limits.rows}`;
    let statement = statements.get(key);
    if (statement === undefined) {
      statement = {
        name: `docent-search-${db.schema}-${table}-${key}`,
        text: hybridSearchSql(db, table, limits),
      };
      statements.set(key, statement);
    }
    return statement;
  };
}

/** The vector and keyword rankings read from the rows (each side's hits, best first), fused into one. */
function fuseSides(rows: readonly SearchRow[]) {
  const side = (pick: (row: SearchRow) => number | null) =>
    rows
      .flatMap((row): RankedHit[] => {
        const score = pick(row);
        return score === null ? [] : [{ label: Number(row.id), score }];
      })
      .sort((left, right) => right.score - left.score);
  return fuseRankings(
    side((row) => row.similarity),
    side((row) => row.score),
  );
}

/**
 * The chunk rows of the fused hits by id: those the statement returned, and the few it did not (fusion here can
 * order the edge differently) read by id.
 */
async function readChunkRows(
  db: Database,
  table: string,
  rows: readonly SearchRow[],
  fused: readonly FusedHit[],
): Promise<Map<number, ChunkRow>> {
  const byId = new Map(
    rows.filter((row) => row.chunk_id != null).map((row) => [Number(row.id), row as ChunkRow]),
  );
  const missing = fused.filter((hit) => !byId.has(hit.label)).map((hit) => hit.label);
  if (missing.length > 0) {
    const { rows: extra } = await db.query<ChunkRow>(
      `SELECT ${chunkColumns} FROM ${db.table(table)} WHERE id = ANY($1::bigint[])`,
      [missing],
    );
    for (const row of extra) byId.set(Number(row.id), row);
  }
  return byId;
}

/** Calls `load` once and keeps what it gives; a failed load is forgotten, so that the next call tries again. */
function keepUnlessFailed<T>(load: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | null = null;
  return () => {
    kept ??= load().catch((error: unknown) => {
      kept = null;
      throw error;
    });
    return kept;
  };
}
