import type { SearchHit } from "../../documents/chunk.js";
import { asDatabaseError, type Database, describeLocation } from "../../postgres/connect-database.js";
import { postgresText } from "../../postgres/postgres-text.js";
import { fuseRankings, type RankedHit } from "../../retrieval/fuse-rankings.js";
import type { Vocabulary } from "../../retrieval/vocabulary.js";
import { type SearchOptions, type ServedGeneration, searchDepth } from "../index-store.js";
import type { Manifest } from "../manifest.js";
import { type ChunkRow, chunkColumns, toChunk } from "./chunk-table.js";
import { hybridSearchSql, type SearchLimits } from "./hybrid-search-sql.js";
import { loadLexemeVocabulary } from "./lexeme-vocabulary.js";

/** Keyword candidates completed with every lexeme of the question, per result wanted. */
const candidateFactor = 3;
/** Chunks read with the scores beyond the k wanted, in case fusion in JavaScript orders the edge differently. */
const spareChunks = 5;

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
  // One prepared statement per connection and set of limits (k decides them; bots use one or two).
  const statements = new Map<string, { name: string; text: string }>();
  const statementFor = (limits: SearchLimits) => {
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
  const where = describeLocation(db.pool.options.connectionString ?? "");
  let vocabulary: Promise<Vocabulary> | null = null;

  return {
    manifest,
    /** Read once per generation (one query over its rows of `lexemes`); a failed read is tried again next time. */
    vocabulary() {
      vocabulary ??= loadLexemeVocabulary(db, id).catch((error: unknown) => {
        vocabulary = null;
        throw error;
      });
      return vocabulary;
    },
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
      const side = (pick: (row: SearchRow) => number | null) =>
        rows.flatMap((row): RankedHit[] => {
          const score = pick(row);
          return score === null ? [] : [{ label: Number(row.id), score }];
        });
      const vectorHits = side((row) => row.similarity).sort((left, right) => right.score - left.score);
      const keywordHits = side((row) => row.score).sort((left, right) => right.score - left.score);
      const fused = fuseRankings(vectorHits, keywordHits).slice(0, options.k);
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
      return fused.flatMap((hit) => {
        const row = byId.get(hit.label);
        if (row === undefined) return [];
        const { label: _label, ...scores } = hit;
        return [{ chunk: toChunk(row), ...scores }];
      });
    },
  };
}
