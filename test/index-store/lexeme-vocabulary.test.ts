import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { englishLexeme } from "../../src/index-store/pgvector/lexeme-vocabulary.js";
import { englishWordCounts } from "../../src/understanding/english-frequency.js";
import { postgresSkipReason, useTemporaryPostgres } from "../helpers/postgres-server.js";
import { sampleDocsDir } from "../helpers/sample-index.js";

const server = useTemporaryPostgres();
if (postgresSkipReason !== undefined) console.warn(`lexeme tests skipped: ${postgresSkipReason}`);

function markdownWords(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return markdownWords(file);
    return name.endsWith(".md")
      ? (readFileSync(file, "utf8")
          .toLowerCase()
          .match(/[a-z]+/g) ?? [])
      : [];
  });
}

describe.skipIf(postgresSkipReason !== undefined)(
  "englishLexeme, against PostgreSQL's english configuration",
  () => {
    it("stems every word of the sample documents and of the English list (every 7th) as to_tsvector does", async () => {
      const english = [...englishWordCounts().keys()].filter((_word, index) => index % 7 === 0);
      const words = [...new Set([...markdownWords(sampleDocsDir), ...english])].filter((word) =>
        /^[a-z]+$/.test(word),
      );
      const client = new pg.Client({ connectionString: server().url });
      await client.connect();
      try {
        const { rows } = await client.query<{ word: string; lexeme: string | null }>(
          `SELECT word, (SELECT min(lexeme) FROM unnest(to_tsvector('english', word))) AS lexeme
         FROM unnest($1::text[]) AS word`,
          [words],
        );
        expect(rows.length).toBeGreaterThan(10_000);
        // Stopwords have no lexeme: the vocabulary never holds them, whatever englishLexeme says.
        const differing = rows.filter((row) => row.lexeme !== null && row.lexeme !== englishLexeme(row.word));
        expect(differing.map((row) => `${row.word}: ${row.lexeme} / ${englishLexeme(row.word)}`)).toEqual([]);
      } finally {
        await client.end();
      }
    });
  },
);
