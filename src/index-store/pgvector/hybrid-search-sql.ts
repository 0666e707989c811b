import type { Database } from "../../postgres/connect-database.js";
import { inverseDocumentFrequencySql, termScoreSql } from "../../retrieval/bm25.js";
import { defaultFusionOptions } from "../../retrieval/fuse-rankings.js";
import { chunkColumns, visibleIn } from "./chunk-table.js";
import { termTableOf } from "./keyword-postings.js";

/**
 * A lexeme found in at most this many chunks is selective: the chunks holding one of the question's selective
 * lexemes (or else its rarest one) are the keyword candidates. A lexeme in a third of a large corpus would make
 * every search read a third of its postings, and rarely decides the ranking; it still counts in the score of the
 * candidates. Below this many chunks every lexeme is selective and the keyword side is exact BM25.
 */
export const selectiveDocuments = 1500;

/**
 * The whole hybrid search of one generation as ONE statement (one round trip, prepared once per connection):
 *   - keyword: the question's english lexemes with their generation's document frequencies (`lexemes`); the
 *     postings of its selective lexemes, filtered by generation and scope, summed per chunk into BM25
 *     (retrieval/bm25.ts); the best candidates get the other lexemes' terms added (index probes), and the
 *     total is divided by the question's weight, so that keywordScore means what it means for the local store:
 *     the share of the question, weighted by rarity, that the chunk holds;
 *   - vector: ORDER BY embedding <=> question LIMIT depth over the HNSW index (iterative scans keep a scope
 *     filter's results full);
 *   - both sides' scores for every hit, and the chunk columns of the best few by the local store's weighted
 *     fusion (computed again, exactly, by fuseRankings on the returned scores).
 * Parameters: $1 question, $2 generation id, $3 the generation's chunk count, $4 scopes or null, $5 question
 * vector. The limits are written into the text: a prepared statement's generic plan with a LIMIT parameter
 * scanned the whole table for the vector side instead of using the HNSW index.
 */
export interface SearchLimits {
  /** Hits of each side. */
  depth: number;
  /** Keyword candidates completed with every lexeme of the question. */
  candidates: number;
  /** Best fused hits returned with their chunk columns. */
  rows: number;
}

export function hybridSearchSql(db: Database, table: string, limits: SearchLimits): string {
  const [depth, candidates, rows] = [limits.depth, limits.candidates, limits.rows].map((limit) =>
    Math.max(1, Math.trunc(limit)),
  );
  const chunks = db.table(table);
  const postings = db.table(termTableOf(table));
  const score = termScoreSql("terms.idf", "p.count::float8", "p.length::float8", "average.value::float8");
  const postingVisible = `p.born <= $2 AND (p.retired IS NULL OR p.retired > $2)`;
  const vectorWeight = defaultFusionOptions.vectorWeight;
  const columns = chunkColumns
    .split(", ")
    .filter((column) => column !== "id")
    .map((column) => `c.${column}`)
    .join(", ");
  return `WITH terms AS (
    SELECT t.lexeme, coalesce(l.documents, 0) AS documents,
      ${inverseDocumentFrequencySql("$3::real", "coalesce(l.documents, 0)")} AS idf
    FROM (SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', $1::text))) AS t
    LEFT JOIN ${db.table("lexemes")} l ON l.generation_id = $2 AND l.lexeme = t.lexeme
  ), selective AS (
    SELECT lexeme FROM terms WHERE documents BETWEEN 1 AND ${selectiveDocuments}
    UNION SELECT lexeme FROM (SELECT lexeme FROM terms WHERE documents > 0 ORDER BY documents LIMIT 1) AS rarest
  ), average AS (
    SELECT average_length AS value FROM ${db.table("generations")} WHERE id = $2
  ), matched AS (
    SELECT p.chunk, sum(${score}) AS partial
    FROM selective JOIN terms USING (lexeme) JOIN ${postings} p ON p.lexeme = selective.lexeme, average
    WHERE ${postingVisible} AND ($4::text[] IS NULL OR p.scope = ANY($4::text[]))
    GROUP BY p.chunk ORDER BY partial DESC, p.chunk LIMIT ${candidates}
  ), keyword AS (
    SELECT m.chunk AS id, (m.partial + coalesce((
        SELECT sum(${score}) FROM terms JOIN ${postings} p ON p.lexeme = terms.lexeme AND p.chunk = m.chunk, average
        WHERE terms.lexeme NOT IN (SELECT lexeme FROM selective)
      ), 0)) / greatest((SELECT sum(idf) FROM terms), 1e-9) AS score
    FROM matched m ORDER BY score DESC, id LIMIT ${depth}
  ), vector AS (
    SELECT id, 1 - (embedding <=> $5::vector) AS similarity FROM ${chunks}
    WHERE ${visibleIn("$2")} AND ($4::text[] IS NULL OR scope = ANY($4::text[]))
    ORDER BY embedding <=> $5::vector LIMIT ${depth}
  ), sides AS (
    SELECT coalesce(v.id, k.id) AS id, v.similarity, k.score
    FROM vector v FULL JOIN keyword k ON k.id = v.id
  ), best AS (
    SELECT greatest(max(similarity), 0) AS similarity, greatest(max(score), 0) AS score FROM sides
  ), top AS (
    SELECT sides.id FROM sides, best ORDER BY
      ${vectorWeight} * CASE WHEN best.similarity > 0 THEN greatest(sides.similarity, 0) / best.similarity ELSE 0 END
      + ${1 - vectorWeight} * CASE WHEN best.score > 0 THEN greatest(sides.score, 0) / best.score ELSE 0 END DESC,
      sides.id
    LIMIT ${rows}
  )
  SELECT sides.id, sides.similarity, sides.score, ${columns}
  FROM sides LEFT JOIN ${chunks} c ON c.id = sides.id AND sides.id IN (SELECT id FROM top)`;
}
