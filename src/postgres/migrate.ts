import type { Database } from "./connect-database.js";

/**
 * docent's tables, created on first use (IF NOT EXISTS) inside one transaction that holds an advisory lock, so
 * that replicas starting together do not race. The index tables need the vector extension, which a superuser
 * may have to create once (`CREATE EXTENSION vector;`) when the docent role is not allowed to.
 */
const migrationLockKey = 7_345_120_001;

export async function createStateTables(db: Database): Promise<void> {
  await db.transaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [migrationLockKey]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${db.table("seen_events")} (
      key text PRIMARY KEY,
      expires_at timestamptz NOT NULL
    )`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${db.table("feedback")} (
      id bigserial PRIMARY KEY,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      platform text NOT NULL,
      question_id text NOT NULL,
      answer_id text NOT NULL,
      user_id text NOT NULL,
      vote text NOT NULL,
      sources jsonb NOT NULL,
      question_text text
    )`);
  });
}

export async function createIndexTables(db: Database): Promise<void> {
  await db.transaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [migrationLockKey]);
    await client.query("CREATE EXTENSION IF NOT EXISTS vector");
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
    // A generation: its manifest, its BM25 statistics, the chunk table holding its rows (a new one for a rebuild or
    // an embedder change, built beside the served table), whether it was ever switched to, and whether it is served.
    await client.query(`CREATE TABLE IF NOT EXISTS ${db.table("generations")} (
      id serial PRIMARY KEY,
      name text NOT NULL UNIQUE,
      manifest jsonb NOT NULL,
      average_length real NOT NULL DEFAULT 0,
      is_current boolean NOT NULL DEFAULT false,
      chunk_table text NOT NULL DEFAULT 'chunks',
      published boolean NOT NULL DEFAULT true
    )`);
    // Indexes written before generations were built beside the served one: every generation in "chunks", and a
    // generation was published with its rows (now it is published by its switch, after its build).
    await client.query(
      `ALTER TABLE ${db.table("generations")} ADD COLUMN IF NOT EXISTS chunk_table text NOT NULL DEFAULT 'chunks'`,
    );
    await client.query(
      `ALTER TABLE ${db.table("generations")} ADD COLUMN IF NOT EXISTS published boolean NOT NULL DEFAULT true`,
    );
    await client.query(`CREATE UNIQUE INDEX IF NOT EXISTS generations_one_current
      ON ${db.table("generations")} (is_current) WHERE is_current`);
    // Document frequency of every lexeme in a generation (the keyword side's idf).
    await client.query(`CREATE TABLE IF NOT EXISTS ${db.table("lexemes")} (
      generation_id integer NOT NULL REFERENCES ${db.table("generations")} (id) ON DELETE CASCADE,
      lexeme text NOT NULL,
      documents integer NOT NULL,
      PRIMARY KEY (generation_id, lexeme)
    )`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${db.table("state")} (
      key text PRIMARY KEY,
      value jsonb NOT NULL
    )`);
  });
}
