/**
 * The data the two pipelines pass around. A loader turns a file into a LoadedDocument; the splitter turns it
 * into Chunks; the index stores chunks with their vectors and returns them as SearchHits.
 */

/** A structural part of a document: a Markdown section, a PDF page, the body of a text file. */
export interface DocumentSection {
  text: string;
  /** Headings above this section, outermost first (empty when the format has none). */
  headingPath: string[];
  /** 1-based page number for paginated formats (PDF), null otherwise. */
  page: number | null;
}

export interface LoadedDocument {
  title: string;
  sections: DocumentSection[];
}

export interface Chunk {
  /** Stable id: `${source}#${position}`. */
  id: string;
  /** Path relative to the docs root, forward slashes. */
  source: string;
  /** The first folder under the docs root, or "public" for files directly in it. */
  scope: string;
  title: string;
  headingPath: string[];
  page: number | null;
  /** 0-based position of the chunk within its document. */
  position: number;
  text: string;
  /** sha256 of the chunk text (hex, first 16 bytes). */
  contentHash: string;
  /** The name of the source its document came from (set on search hits, from the generation's manifest). */
  sourceName?: string;
  /** Where people open its document, when its source has an address for it (set on search hits, likewise). */
  url?: string;
}

export interface SearchHit {
  chunk: Chunk;
  /** Fused relevance in [0, 1]; higher is better. */
  score: number;
  /** Cosine similarity of the vector search, null when only the keyword search found the chunk. */
  vectorScore: number | null;
  /**
   * BM25 score divided by the question's weight (see KeywordIndex.queryWeight): about the share of the
   * question's words the chunk contains, 1 being all of them once. Null when only the vector search found it.
   */
  keywordScore: number | null;
}

export function headingText(chunk: Pick<Chunk, "title" | "headingPath">): string {
  return chunk.headingPath.length > 0 ? chunk.headingPath.join(" > ") : chunk.title;
}
