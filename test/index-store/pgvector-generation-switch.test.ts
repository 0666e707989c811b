import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { KnowledgeBase } from "../../src/index-store/knowledge-base.js";
import { createPgvectorIndexStore } from "../../src/index-store/pgvector/pgvector-index-store.js";
import { silentLogger } from "../../src/logging/logger.js";
import { CountingEmbedder } from "../helpers/counting-embedder.js";
import { ingestFolder } from "../helpers/ingest-fixture.js";
import { postgresSkipReason, useTemporaryPostgres } from "../helpers/postgres-server.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { tinyHandbook } from "../helpers/tiny-handbook.js";

const server = useTemporaryPostgres();
const holdKey = 4242;

/** Polls until `check` holds: waits for a state of the database, asserts nothing about time. */
async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await sleep(20);
}

describe.skipIf(postgresSkipReason !== undefined)(
  "pgvector: switching to a generation with other dimensions",
  () => {
    it("keeps a replica answering from the old generation while the new one is built, then switches it", async () => {
      const url = server().url;
      const schema = "switch";
      const writer = await createPgvectorIndexStore({ url, schema, logger: silentLogger });
      const replica = await createPgvectorIndexStore({ url, schema, logger: silentLogger });
      const holder = new pg.Client({ connectionString: url });
      try {
        const docsDir = path.join(await makeTempFolder(), "docs");
        await writeFiles(docsDir, tinyHandbook);
        const small = new CountingEmbedder(64);
        const large = new CountingEmbedder(96);
        const first = await ingestFolder(docsDir, "", small, { store: writer });
        const served = new KnowledgeBase(replica, small, silentLogger);
        expect((await served.search("parental leave weeks", { k: 1 }))[0]?.chunk.source).toBe("hr/leave.md");

        // The hook: a trigger makes the build wait, near its end (when it records the new generation's average
        // length, after its chunks are written and indexed), for an advisory lock the test holds. So the build is
        // provably in progress while the replica searches.
        await holder.connect();
        await holder.query(`CREATE FUNCTION "${schema}".hold_build() RETURNS trigger LANGUAGE plpgsql
        AS $$ BEGIN PERFORM pg_advisory_xact_lock(${holdKey}); RETURN NEW; END $$`);
        await holder.query(`CREATE TRIGGER hold_build BEFORE UPDATE OF average_length ON "${schema}".generations
        FOR EACH ROW EXECUTE FUNCTION "${schema}".hold_build()`);
        await holder.query("SELECT pg_advisory_lock($1)", [holdKey]);
        let buildFinished = false;
        const rebuilding = ingestFolder(docsDir, "", large, { store: writer }).finally(() => {
          buildFinished = true;
        });
        await waitUntil(async () => {
          const { rows } = await holder.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_locks
           WHERE locktype = 'advisory' AND NOT granted AND objid = $1`,
            [holdKey],
          );
          return (rows[0]?.waiting ?? 0) > 0 || buildFinished; // a build that failed is caught below
        });

        // Searches issued during the build complete before the build does, from the old generation.
        for (const [question, source] of [
          ["parental leave weeks", "hr/leave.md"],
          ["when does the office open", "welcome.md"],
          ["pager rotation", "engineering/on-call.txt"],
        ]) {
          await served.current(); // look at the pointer now, as a replica does every second
          const hits = await served.search(question as string, { k: 1 });
          expect(hits[0]?.chunk.source).toBe(source);
        }
        expect(await replica.currentGeneration()).toBe(first.generation);
        expect(served.loadedGeneration()?.manifest.generation).toBe(first.generation);
        expect(buildFinished).toBe(false);

        await holder.query("SELECT pg_advisory_unlock($1)", [holdKey]);
        await holder.query(`DROP TRIGGER hold_build ON "${schema}".generations`);
        const second = await rebuilding;
        expect(second.generation).not.toBe(first.generation);
        expect(await replica.currentGeneration()).toBe(second.generation);
        // The replica with the old embedder cannot load it (and says so); one with the new embedder serves it.
        await served.current();
        expect(served.lastLoadFailure()).toMatchObject({
          generation: second.generation,
          code: "INDEX_INCOMPATIBLE",
        });
        const switched = new KnowledgeBase(replica, large, silentLogger);
        const hits = await switched.search("parental leave weeks", { k: 1 });
        expect(hits[0]?.chunk.source).toBe("hr/leave.md");
        expect((await switched.current()).manifest.embedder.dimensions).toBe(96);

        // The old table stays for rollback until the next ingest's clean-up, which drops it.
        expect(await writer.listGenerations()).toEqual([first.generation, second.generation]);
        const tables = async () =>
          (
            await holder.query<{ tablename: string }>(
              `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'chunks%' ORDER BY 1`,
              [schema],
            )
          ).rows.map((row) => row.tablename);
        expect(await tables()).toHaveLength(4);
        await writeFiles(docsDir, {
          "hr/expenses.md": "# Expenses\n\nSubmit receipts within thirty days.\n",
        });
        const third = await ingestFolder(docsDir, "", large, { store: writer });
        expect(third).toMatchObject({ added: 1, unchanged: 4 });
        expect(await writer.listGenerations()).toEqual([second.generation, third.generation]);
        const kept = await tables();
        expect(kept).toHaveLength(2);
        expect(kept.every((name) => name.startsWith(kept[0] ?? "-"))).toBe(true);
        await switched.current();
        expect((await switched.search("receipts thirty days", { k: 1 }))[0]?.chunk.source).toBe(
          "hr/expenses.md",
        );
      } finally {
        await holder.end().catch(() => undefined);
        await writer.close();
        await replica.close();
      }
    }, 60_000);
  },
);
