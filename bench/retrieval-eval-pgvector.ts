import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Embedder } from "../src/embeddings/embedder.js";
import { KnowledgeBase } from "../src/index-store/knowledge-base.js";
import { createPgvectorIndexStore } from "../src/index-store/pgvector/pgvector-index-store.js";
import { silentLogger } from "../src/logging/logger.js";
import { type PostgresServer, startPostgres } from "../test/helpers/postgres-server.js";
import type { EvalSet } from "./retrieval-eval-data.js";
import { writeSections } from "./retrieval-eval-pipeline.js";
import { dedupeSections } from "./retrieval-eval-scoring.js";
import { ingestTimed } from "./synthetic-index.js";

/**
 * The same eval through the pgvector store (`--pgvector`): the sections ingested into PostgreSQL (DATABASE_URL, or a
 * temporary PostgreSQL 15 with pgvector) and every question searched as the bots do (KnowledgeBase.search), so that
 * the fused ranking of both stores can be compared.
 */
export async function rankWithPgvector(set: EvalSet, embedder: Embedder, depth: number) {
  const workDir = await mkdtemp(join(tmpdir(), "docent-retrieval-eval-pg-"));
  const server = process.env.DATABASE_URL ? undefined : await startPostgres();
  try {
    const url = process.env.DATABASE_URL ?? (server as PostgresServer).url;
    const store = await createPgvectorIndexStore({
      url,
      schema: `eval_${process.pid}`,
      logger: silentLogger,
    });
    try {
      const sectionBySource = await writeSections(set, join(workDir, "docs"));
      const timed = await ingestTimed(join(workDir, "docs"), store, embedder);
      const knowledge = new KnowledgeBase(store, embedder, silentLogger);
      const fused: string[][] = [];
      for (const { question } of set.questions) {
        const hits = await knowledge.search(question, { k: depth });
        fused.push(dedupeSections(hits.map((hit) => sectionBySource.get(hit.chunk.source) ?? "")));
      }
      return { fused, chunkCount: timed.summary.chunks, ingestMs: timed.buildMs };
    } finally {
      await store.close();
    }
  } finally {
    await server?.destroy();
    await rm(workDir, { recursive: true, force: true });
  }
}
