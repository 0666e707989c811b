import { bm25Parameters, inverseDocumentFrequency, termScore } from "../../src/retrieval/bm25.js";

/**
 * Documents whose keyword ranking for "zebra quokka" depends on BM25's length normalisation and term saturation,
 * in words that every store's tokenizer keeps as they are (no stemming, no stopwords): a drift in either
 * parameter, or in the IDF, moves the scores.
 */
const filler = (count: number) => Array.from({ length: count }, () => "blorp").join(" ");
const words: Record<string, string> = {
  kiwi: `zebra ${filler(2)}`,
  mango: `zebra zebra zebra ${filler(40)}`,
  papaya: `zebra quokka ${filler(12)}`,
  guava: `quokka quokka ${filler(6)}`,
  melon: filler(10),
  lemon: `tapir ${filler(8)}`,
};

/** Markdown files "# Kiwi" then the words: one chunk each, indexed as its heading and its words. */
export const bm25Corpus: Record<string, string> = Object.fromEntries(
  Object.entries(words).map(([name, text]) => [`${name}.md`, `# ${name}\n\n${text}\n`]),
);

/** The keyword scores the stores must give (the share of the question's weight), best first. */
export function expectedBm25(query: string[], corpus: Record<string, string>) {
  const documents = Object.entries(corpus).map(([file, text]) => {
    return { source: file, words: text.replace("# ", "").trim().split(/\s+/) };
  });
  const averageLength =
    documents.reduce((sum, document) => sum + document.words.length, 0) / documents.length;
  const idf = (term: string) =>
    inverseDocumentFrequency(
      documents.length,
      documents.filter((document) => document.words.includes(term)).length,
    );
  const weight = query.reduce((sum, term) => sum + idf(term), 0);
  return documents
    .map(({ source, words }) => {
      const score = query.reduce((sum, term) => {
        const count = words.filter((word) => word === term).length;
        return count === 0
          ? sum
          : sum + termScore(idf(term), count, words.length, averageLength, bm25Parameters);
      }, 0);
      return { source, score: score / weight };
    })
    .filter((entry) => entry.score > 0)
    .sort((left, right) => right.score - left.score);
}
