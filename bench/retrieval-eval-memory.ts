import type { Chunk } from "../src/documents/chunk.js";
import { embedText, type FeatureWeights } from "../src/embeddings/hashed-features.js";
import { type FusionOptions, fuseRankings, type RankedHit } from "../src/retrieval/fuse-rankings.js";
import { chunkIndexText } from "../src/retrieval/index-text.js";
import { KeywordIndex, type KeywordIndexOptions } from "../src/retrieval/keyword-index.js";
import type { EvalSet } from "./retrieval-eval-data.js";
import { dedupeSections } from "./retrieval-eval-scoring.js";

/**
 * The in-memory harness: a simple paragraph splitter (about 1,000 characters, 150 overlap), the keyword index
 * and the local embedder over chunkIndexText, and exact (brute-force) cosine search for the vector side.
 */
type EvalChunk = Pick<Chunk, "title" | "headingPath" | "text"> & { sectionId: string };

function splitLongPiece(piece: string, size: number): string[] {
  if (piece.length <= size) return [piece];
  const sentences = piece.split(/(?<=[.!?])\s+/);
  return sentences.flatMap((sentence) =>
    sentence.length <= size
      ? [sentence]
      : Array.from({ length: Math.ceil(sentence.length / size) }, (_, i) =>
          sentence.slice(i * size, (i + 1) * size),
        ),
  );
}

export function splitParagraphs(text: string, size = 1000, overlap = 150): string[] {
  const pieces = text.split(/\n\s*\n/).flatMap((paragraph) => splitLongPiece(paragraph.trim(), size));
  const chunks: string[] = [];
  let current = "";
  for (const piece of pieces.filter((p) => p.length > 0)) {
    if (current.length > 0 && current.length + piece.length + 2 > size) {
      chunks.push(current);
      const tail = current.slice(-overlap);
      current = tail.slice(tail.indexOf(" ") + 1);
    }
    current = current.length > 0 ? `${current}\n\n${piece}` : piece;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function chunkSections(set: EvalSet): EvalChunk[] {
  return set.sections.flatMap((section) =>
    splitParagraphs(section.text).map((text) => ({
      sectionId: section.chunk_link,
      title: section.chunk_heading,
      headingPath: [section.chunk_heading],
      text,
    })),
  );
}

export interface HarnessSettings {
  dimensions: number;
  weights?: FeatureWeights;
  keyword?: KeywordIndexOptions;
  indexText?: (chunk: EvalChunk) => string;
}

export function buildHarness(set: EvalSet, settings: HarnessSettings) {
  const chunks = chunkSections(set);
  const indexText = settings.indexText ?? chunkIndexText;
  const texts = chunks.map(indexText);
  const keyword = KeywordIndex.build(
    texts.map((text, label) => ({ label, text })),
    settings.keyword,
  );
  const vectors = texts.map((text) => embedText(text, settings.dimensions, settings.weights));
  const searchVectors = (question: string, k: number): RankedHit[] => {
    const query = embedText(question, settings.dimensions, settings.weights);
    const hits = vectors.map((vector, label) => ({
      label,
      score: vector.reduce((sum, value, index) => sum + value * (query[index] ?? 0), 0),
    }));
    return hits.sort((left, right) => right.score - left.score).slice(0, k);
  };
  const toSections = (hits: readonly RankedHit[]): string[] =>
    dedupeSections(hits.map((hit) => chunks[hit.label]?.sectionId ?? ""));
  return {
    chunkCount: chunks.length,
    rankKeyword: (question: string) => toSections(keyword.search(question, 40)),
    rankVector: (question: string) => toSections(searchVectors(question, 40)),
    rankFused: (question: string, fusion: FusionOptions = {}, depth = 40) =>
      toSections(fuseRankings(searchVectors(question, depth), keyword.search(question, depth), fusion)),
  };
}
