import type { SearchHit } from "../../documents/chunk.js";
import type { Database } from "../../postgres/connect-database.js";
import { inverseDocumentFrequencySql, termScoreSql } from "../../retrieval/bm25.js";
import { fuseRankings, type RankedHit } from "../../retrieval/fuse-rankings.js";
import { type SearchOptions, type ServedGeneration, searchDepth } from "../index-store.js";
import type { Manifest } from "../manifest.js";
import { type ChunkRow, chunkColumns, toChunk, visibleIn } from "./chunk-table.js";

/** Keyword candidates ranked by ts_rank before BM25 re-scores them, per result wanted. */
const candidateFactor = 3;
/**
 * Candidates are the chunks holding one of the question's selective lexemes (found in at most this many chunks),
 * or else its rarest one: a lexeme in a third of a large corpus would make ts_rank read a third of the table, and
 * rarely decides the ranking. Every lexeme of the question still counts in the BM25 score of the candidates.
 * Below this many chunks, every lexeme is selective and the keyword side is exact.
 */
const selectiveDocuments = 1500;

/**
 * Hybrid retrieval in one pgvector generation, the same two sides as the local store, both filtered inside the
 * database by generation and scope:
 *   - vector: ORDER BY embedding <=> question LIMIT depth over the HNSW index, with iterative scans so that a
 *     scope filter still fills the result (pgvector 0.8);
 *   - keyword: the question's selective english lexemes OR-ed into a tsquery over the GIN index; the best
 *     candidates by ts_rank are re-scored with BM25 (retrieval/bm25.ts; document frequencies of the generation, recorded at ingest) and divided by
 *     the question's weight, so that keywordScore means what it means for the local store: the share of the
 *     question, weighted by rarity, that the chunk contains.
 * The rankings are fused like the local store's, then the chunks of the top k are read.
 */
export function servePgvectorGeneration(
  db: Database,
  { id, table }: { id: number; table: string },
  manifest: Manifest,
): ServedGeneration {
  const chunks = db.table(table);
  const lexemes = db.table("lexemes");
  const generations = db.table("generations");
  const scopeClause = (parameter: string) =>
    `AND ($${parameter}::text[] IS NULL OR scope = ANY($${parameter}::text[]))`;

  async function vectorSide(vector: readonly number[], depth: number, scopes: string[] | null) {
    const { rows } = await db.query<{ id: string; similarity: number }>(
      `SELECT id, 1 - (embedding <=> $1::vector) AS similarity FROM ${chunks}
       WHERE ${visibleIn("$2")} ${scopeClause("3")}
       ORDER BY embedding <=> $1::vector LIMIT $4`,
      [`[${vector.join(",")}]`, id, scopes, depth],
    );
    return rows
      .map((row): RankedHit => ({ label: Number(row.id), score: row.similarity }))
      .sort((left, right) => right.score - left.score);
  }

  async function keywordSide(question: string, depth: number, scopes: string[] | null) {
    const { rows } = await db.query<{ id: string; score: number }>(
      `WITH terms AS (
         SELECT DISTINCT t.lexeme, coalesce(l.documents, 0) AS documents,
           ${inverseDocumentFrequencySql("$3::real", "coalesce(l.documents, 0)")} AS idf
         FROM unnest(to_tsvector('english', $1)) AS t
         LEFT JOIN ${lexemes} l ON l.generation_id = $2 AND l.lexeme = t.lexeme
       ), selective AS (
         SELECT lexeme FROM terms WHERE documents <= ${selectiveDocuments}
         UNION SELECT lexeme FROM (
           SELECT lexeme FROM terms WHERE documents > 0 ORDER BY documents LIMIT 1
         ) AS rarest
       ), query AS (
         SELECT (SELECT string_agg(quote_literal(lexeme), ' | ') FROM selective)::tsquery AS q,
           (SELECT sum(idf) FROM terms) AS weight
       ), candidates AS (
         SELECT c.id, c.keywords, c.keyword_length FROM ${chunks} c, query
         WHERE c.keywords @@ query.q AND ${visibleIn("$2")} ${scopeClause("4")}
         ORDER BY ts_rank(c.keywords, query.q) DESC LIMIT $5
       )
       SELECT candidates.id,
         sum(${termScoreSql("terms.idf", "tf.count", "candidates.keyword_length", "g.average_length")})
         / greatest(max(query.weight), 1e-9) AS score
       FROM candidates
       CROSS JOIN LATERAL unnest(candidates.keywords) AS u
       CROSS JOIN LATERAL (SELECT coalesce(array_length(u.positions, 1), 1) AS count) AS tf
       JOIN terms ON terms.lexeme = u.lexeme
       CROSS JOIN query
       CROSS JOIN (SELECT average_length FROM ${generations} WHERE id = $2) AS g
       GROUP BY candidates.id ORDER BY score DESC LIMIT $6`,
      [question, id, manifest.counts.chunks, scopes, depth * candidateFactor, depth],
    );
    return rows.map((row): RankedHit => ({ label: Number(row.id), score: row.score }));
  }

  return {
    manifest,
    async search(question, queryVector, options: SearchOptions): Promise<SearchHit[]> {
      if (options.k <= 0 || question.trim() === "") return [];
      const depth = searchDepth(options);
      const scopes = options.scopes === undefined ? null : [...options.scopes];
      const [vectorHits, keywordHits] = await Promise.all([
        vectorSide(queryVector, depth, scopes),
        keywordSide(question, depth, scopes),
      ]);
      const fused = fuseRankings(vectorHits, keywordHits).slice(0, options.k);
      if (fused.length === 0) return [];
      const { rows } = await db.query<ChunkRow>(
        `SELECT ${chunkColumns} FROM ${chunks} WHERE id = ANY($1::bigint[])`,
        [fused.map((hit) => hit.label)],
      );
      const byId = new Map(rows.map((row) => [Number(row.id), row]));
      return fused.flatMap((hit) => {
        const row = byId.get(hit.label);
        if (row === undefined) return [];
        const { label: _label, ...scores } = hit;
        return [{ chunk: toChunk(row), ...scores }];
      });
    },
  };
}
