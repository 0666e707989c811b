/**
 * Okapi BM25, defined once for both index stores: the local keyword index computes it in typed arrays, the
 * pgvector store in SQL (bm25Sql), with the same parameters and the same IDF, so that the two rank alike. The
 * index-store contract suite checks a ranking on both.
 */

/** Slightly above the textbook 1.2 / 0.75: measured better on the retrieval eval (bench/retrieval-eval.ts). */
export const bm25Parameters = { k1: 1.5, b: 0.85 } as const;

export interface Bm25Parameters {
  /** Term-frequency saturation; higher lets repeated words count for longer. */
  k1: number;
  /** Length normalisation, 0 (none) to 1 (full). */
  b: number;
}

/** The IDF of a term found in `containing` of `documents` documents (the "+1" form, never negative). */
export function inverseDocumentFrequency(documents: number, containing: number): number {
  return Math.log(1 + (documents - containing + 0.5) / (containing + 0.5));
}

/** The length part of the denominator: k1 * (1 - b + b * length / averageLength). */
export function lengthNormalisation(
  length: number,
  averageLength: number,
  parameters: Bm25Parameters,
): number {
  const { k1, b } = parameters;
  return k1 * (1 - b + (b * length) / Math.max(averageLength, 1));
}

/** One term's contribution to a document's score. */
export function termScore(
  idf: number,
  count: number,
  length: number,
  averageLength: number,
  parameters: Bm25Parameters = bm25Parameters,
): number {
  return (
    (idf * count * (parameters.k1 + 1)) / (count + lengthNormalisation(length, averageLength, parameters))
  );
}

/** termScore as a SQL expression over the given column expressions, with the default parameters. */
export function termScoreSql(idf: string, count: string, length: string, averageLength: string): string {
  const { k1, b } = bm25Parameters;
  return `(${idf} * ${count} * ${k1 + 1} / (${count} + ${k1} * (1 - ${b} + ${b} * ${length} / greatest(${averageLength}, 1))))`;
}

/** inverseDocumentFrequency as a SQL expression. */
export function inverseDocumentFrequencySql(documents: string, containing: string): string {
  return `ln(1 + (${documents} - ${containing} + 0.5) / (${containing} + 0.5))`;
}
