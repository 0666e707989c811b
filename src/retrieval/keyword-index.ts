import { tokenize } from "../text/tokenize.js";
import {
  type Bm25Parameters,
  bm25Parameters,
  inverseDocumentFrequency,
  lengthNormalisation,
} from "./bm25.js";
import type { IndexFileNaming } from "./index-file.js";
import { decodeKeywordIndex, encodeKeywordIndex, type KeywordIndexData } from "./keyword-index-format.js";
import { selectTop } from "./select-top.js";
import { buildTermTable, findTerm } from "./term-table.js";
import { termTableVocabulary, type Vocabulary } from "./vocabulary.js";

export interface KeywordHit {
  label: number;
  score: number;
}

export type KeywordIndexOptions = Partial<Bm25Parameters>;

/**
 * An Okapi BM25 index (the formula in bm25.ts) over labelled texts, held in typed arrays: postings (document numbers and term counts)
 * laid out term by term, a term table, and one length per document. A search scores only the postings of the
 * query's terms and keeps the best k with a heap; the length part of each document's denominator is computed
 * once at load (termScore's arithmetic, unrolled for speed).
 */
export class KeywordIndex {
  readonly size: number;
  private readonly lengthNorms: Float64Array;
  private scores: Float64Array | null = null;
  private touched: Uint32Array | null = null;
  private vocabularyView: Vocabulary | null = null;

  private constructor(private readonly data: KeywordIndexData) {
    const { docLengths, k1, b } = data;
    this.size = docLengths.length;
    let total = 0;
    for (const length of docLengths) total += length;
    const averageLength = this.size > 0 ? total / this.size : 1;
    this.lengthNorms = new Float64Array(this.size);
    for (let document = 0; document < this.size; document++) {
      this.lengthNorms[document] = lengthNormalisation(docLengths[document] ?? 0, averageLength, { k1, b });
    }
  }

  static build(entries: ReadonlyArray<{ label: number; text: string }>, options: KeywordIndexOptions = {}) {
    return KeywordIndex.fromTerms(
      entries.map((entry) => ({ label: entry.label, terms: tokenize(entry.text) })),
      options,
    );
  }

  /** The same index as build() from each text's terms (tokenize(text)), for callers that tokenized already. */
  static fromTerms(
    entries: ReadonlyArray<{ label: number; terms: readonly string[] }>,
    options: KeywordIndexOptions = {},
  ) {
    const termIds = new Map<string, number>();
    const documentFrequencies: number[] = [];
    const pairTerms: number[] = [];
    const pairCounts: number[] = [];
    const docLengths = new Uint32Array(entries.length);
    for (const [document, entry] of entries.entries()) {
      const counts = new Map<number, number>();
      const terms = entry.terms;
      docLengths[document] = terms.length;
      for (const term of terms) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = termIds.size;
          termIds.set(term, id);
          documentFrequencies.push(0);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [id, count] of counts) {
        documentFrequencies[id] = (documentFrequencies[id] ?? 0) + 1;
        pairTerms.push(id, document);
        pairCounts.push(count);
      }
    }
    const postingStarts = new Uint32Array(termIds.size + 1);
    documentFrequencies.forEach((frequency, id) => {
      postingStarts[id + 1] = (postingStarts[id] ?? 0) + frequency;
    });
    const cursor = postingStarts.slice(0, termIds.size);
    const postingDocs = new Uint32Array(pairCounts.length);
    const postingCounts = new Uint16Array(pairCounts.length);
    for (let pair = 0; pair < pairCounts.length; pair++) {
      const id = pairTerms[pair * 2] ?? 0;
      const position = cursor[id] ?? 0;
      cursor[id] = position + 1;
      postingDocs[position] = pairTerms[pair * 2 + 1] ?? 0;
      postingCounts[position] = Math.min(pairCounts[pair] ?? 0, 0xffff);
    }
    return new KeywordIndex({
      ...bm25Parameters,
      ...options,
      labels: Float64Array.from(entries, (entry) => entry.label),
      docLengths,
      terms: buildTermTable([...termIds.keys()]),
      postingStarts,
      postingDocs,
      postingCounts,
    });
  }

  /**
   * An index saved by toBuffer, checked before use (keyword-index-format.ts); `naming` names it in errors, and
   * `verified` says the whole file already matched the checksum its manifest recorded.
   */
  static fromBuffer(buffer: Buffer, naming?: IndexFileNaming, verified = false): KeywordIndex {
    return new KeywordIndex(decodeKeywordIndex(buffer, naming, verified));
  }

  /** The index's terms and how many documents hold each, read from the term table and postings as they are. */
  vocabulary(): Vocabulary {
    this.vocabularyView ??= termTableVocabulary(this.data.terms, this.data.postingStarts);
    return this.vocabularyView;
  }

  toBuffer(): Buffer {
    return encodeKeywordIndex(this.data);
  }

  /**
   * The score a document of average length that contains every query term once would get: the sum of the
   * terms' IDFs, with words the index has never seen counted as the rarest. Dividing a hit's score by it gives
   * the share of the question's information the hit contains (the relevance gate's measure).
   */
  queryWeight(query: string): number {
    let weight = 0;
    for (const term of new Set(tokenize(query))) {
      const id = findTerm(this.data.terms, term);
      const frequency =
        id === -1 ? 0 : (this.data.postingStarts[id + 1] ?? 0) - (this.data.postingStarts[id] ?? 0);
      weight += inverseDocumentFrequency(this.size, frequency);
    }
    return weight;
  }

  /** The k best-scoring documents that contain a query term and pass `allow`, best first. */
  search(query: string, k: number, allow?: (label: number) => boolean): KeywordHit[] {
    if (k <= 0 || this.size === 0) return [];
    const { labels, postingStarts, postingDocs, postingCounts, k1 } = this.data;
    this.scores ??= new Float64Array(this.size);
    this.touched ??= new Uint32Array(this.size);
    const { scores, touched, lengthNorms } = this;
    let touchedCount = 0;
    for (const term of new Set(tokenize(query))) {
      const id = findTerm(this.data.terms, term);
      if (id === -1) continue;
      const start = postingStarts[id] ?? 0;
      const end = postingStarts[id + 1] ?? 0;
      const frequency = end - start;
      const weight = inverseDocumentFrequency(this.size, frequency) * (k1 + 1);
      for (let posting = start; posting < end; posting++) {
        const document = postingDocs[posting] ?? 0;
        const count = postingCounts[posting] ?? 0;
        const previous = scores[document] ?? 0;
        if (previous === 0) touched[touchedCount++] = document;
        scores[document] = previous + (weight * count) / (count + (lengthNorms[document] ?? 0));
      }
    }
    const accept = allow && ((document: number) => allow(labels[document] ?? 0));
    const best = selectTop(touched, touchedCount, scores, k, accept);
    const hits = best.map((document) => ({ label: labels[document] ?? 0, score: scores[document] ?? 0 }));
    for (let index = 0; index < touchedCount; index++) scores[touched[index] ?? 0] = 0;
    return hits;
  }
}
