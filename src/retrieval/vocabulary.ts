import { stemWord } from "../text/stem-word.js";
import { findTerm, type TermTable } from "./term-table.js";

/**
 * The words an index holds, read-only: what spelling correction needs to know which words the documents use
 * ("is `hearing` in there?") and which of their own words (names such as "Quokkaline") a misspelled word may mean.
 * Index terms are stems; each store stems in its own way (the file store with tokenize's Porter stemmer, the
 * pgvector store with PostgreSQL's english configuration), so a vocabulary also says how a word becomes its term.
 */
export interface Vocabulary {
  /** How many terms the index holds. */
  readonly size: number;
  /** The index term of a plain lower-case word ("hearing" -> "hear"), as this index makes it. */
  termOf(word: string): string;
  /** How many chunks hold the term: 0 when the index does not hold it. */
  chunkCount(term: string): number;
  /** Every term, once, in no particular order. */
  terms(): Iterable<string>;
}

/** A vocabulary over a keyword index's term table (the file store): views, nothing copied. */
export function termTableVocabulary(table: TermTable, postingStarts: Uint32Array): Vocabulary {
  const decoder = new TextDecoder();
  const size = table.offsets.length - 1;
  return {
    size,
    termOf: stemWord,
    chunkCount(term) {
      const id = findTerm(table, term);
      return id === -1 ? 0 : (postingStarts[id + 1] ?? 0) - (postingStarts[id] ?? 0);
    },
    *terms() {
      for (let id = 0; id < size; id++) {
        yield decoder.decode(table.bytes.subarray(table.offsets[id] ?? 0, table.offsets[id + 1] ?? 0));
      }
    },
  };
}

/** A vocabulary from a map of term -> chunk count, with the given stemmer (the pgvector store's lexemes). */
export function mapVocabulary(
  counts: ReadonlyMap<string, number>,
  termOf: (word: string) => string,
): Vocabulary {
  return {
    size: counts.size,
    termOf,
    chunkCount: (term) => counts.get(term) ?? 0,
    terms: () => counts.keys(),
  };
}
