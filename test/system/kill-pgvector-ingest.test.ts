import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalEmbeddings } from "../../src/embeddings/local-embeddings.js";
import { KnowledgeBase } from "../../src/index-store/knowledge-base.js";
import { createPgvectorIndexStore } from "../../src/index-store/pgvector/pgvector-index-store.js";
import { silentLogger } from "../../src/logging/logger.js";
import { generatedNotes } from "../helpers/generated-notes.js";
import { postgresSkipReason, useTemporaryPostgres } from "../helpers/postgres-server.js";
import { runDocent, startDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

const server = useTemporaryPostgres();

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(postgresSkipReason !== undefined)("an ingest into pgvector killed with SIGKILL", () => {
  it("leaves the current generation serving, releases the lock with the connection, and the next run succeeds", async () => {
    const docsDir = path.join(await makeTempFolder(), "docs");
    const schema = "killed_ingest";
    const env = {
      VECTOR_STORE: "pgvector",
      DATABASE_URL: server().url,
      DOCENT_DATABASE_SCHEMA: schema,
      DOCENT_DOCS_DIR: docsDir,
    };
    await writeFiles(docsDir, {
      "lighthouse.md": "# Lighthouse\n\nThe lighthouse keeper's logbook is kept in the tower.\n",
    });
    expect((await runDocent(["ingest"], { env })).code).toBe(0);
    await writeFiles(docsDir, generatedNotes(3000));
    const store = await createPgvectorIndexStore({ url: env.DATABASE_URL, schema, logger: silentLogger });
    try {
      const first = await store.currentGeneration();
      // Killed at each stage the ingest reports (how long each lasts depends on the machine), three times inside
      // the write transaction itself.
      const moments = [
        ["scanning", 0],
        ["loading", 0],
        ["loading", 200],
        ["embedding", 0],
        ["embedding", 50],
        ["writing", 0],
        ["writing", 100],
        ["writing", 250],
      ] as const;
      for (const [stage, pause] of moments) {
        const { child, done } = startDocent(["ingest", "--progress-json"], { env });
        let progress = "";
        child.stderr?.on("data", (data: Buffer) => {
          progress += data.toString();
        });
        await waitUntil(() => progress.includes(`"stage":"${stage}"`) || child.exitCode !== null);
        await new Promise((resolve) => setTimeout(resolve, pause));
        child.kill("SIGKILL");
        const run = await done;
        expect(run.signal, `the ingest finished before the kill (${stage} + ${pause} ms)`).toBe("SIGKILL");
        expect(await store.currentGeneration()).toBe(first);
        expect(await store.listGenerations()).toEqual([first]);
        const knowledge = new KnowledgeBase(store, new LocalEmbeddings(), silentLogger);
        const hits = await knowledge.search("the lighthouse keeper's logbook", { k: 1 });
        expect(hits[0]?.chunk.source).toBe("lighthouse.md");
      }
      const final = await runDocent(["ingest", "--json"], { env });
      expect(final.code, final.stderr).toBe(0);
      expect(JSON.parse(final.stdout)).toMatchObject({ added: 3000, unchanged: 1, failed: [] });
      expect(await store.listGenerations()).toHaveLength(2);
    } finally {
      await store.close();
    }
  }, 420_000);
});
