import { createRequire } from "node:module";
import type { Database } from "../../postgres/connect-database.js";
import { mapVocabulary, type Vocabulary } from "../../retrieval/vocabulary.js";

/**
 * The vocabulary of a pgvector generation: its lexemes and how many chunks hold each, from the `lexemes` table the
 * keyword side already keeps (one row per lexeme and generation), read once when first asked for. A word becomes
 * its lexeme as PostgreSQL's english configuration makes it (the Snowball English stemmer): snowball-stemmers
 * gives the same stem as PostgreSQL 15's to_tsvector('english', word) for every one of the 74,159 words of the
 * SUBTLEX list that have one (checked here against the server; test/index-store/lexeme-vocabulary.test.ts checks a
 * sample whenever a server runs).
 */
export async function loadLexemeVocabulary(db: Database, generationId: number): Promise<Vocabulary> {
  const { rows } = await db.query<{ lexeme: string; documents: number }>(
    `SELECT lexeme, documents FROM ${db.table("lexemes")} WHERE generation_id = $1`,
    [generationId],
  );
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.lexeme, row.documents);
  return mapVocabulary(counts, englishLexeme);
}

interface SnowballStemmer {
  stem(word: string): string;
}

let stemmer: SnowballStemmer | null = null;
const memo = new Map<string, string>();
const memoLimit = 50_000;

/** The Snowball English stem of a plain lower-case word ("hearing" -> "hear"), as PostgreSQL's lexeme. */
export function englishLexeme(word: string): string {
  const known = memo.get(word);
  if (known !== undefined) return known;
  if (stemmer === null) {
    const require = createRequire(import.meta.url);
    const factory = require("snowball-stemmers") as { newStemmer(language: string): SnowballStemmer };
    stemmer = factory.newStemmer("english");
  }
  const lexeme = stemmer.stem(word);
  if (memo.size >= memoLimit) memo.clear();
  memo.set(word, lexeme);
  return lexeme;
}
