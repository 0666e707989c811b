import { join } from "node:path";
import { type IngestStage, type IngestSummary, ingestDocuments } from "../ingest/ingest-pipeline.js";
import type { Embedder } from "../src/embeddings/embedder.js";
import { createFileIndexStore } from "../src/index-store/file-index-store.js";
import { silentLogger } from "../src/logging/logger.js";
import { type SyntheticCorpus, writeSyntheticCorpus } from "./synthetic-corpus.js";

export interface SyntheticIndex {
  indexDir: string;
  corpus: SyntheticCorpus;
  corpusMs: number;
  buildMs: number;
  /** Milliseconds of the build: scan+read+hash, load+split, embed, HNSW+BM25+write+publish. */
  stages: [number, number, number, number];
  summary: IngestSummary;
}

/**
 * Writes the synthetic corpus (synthetic-corpus.ts) into workDir/docs and indexes it with the real ingest
 * pipeline (a full rebuild with the configuration defaults) into workDir/index.
 */
export async function buildSyntheticIndex(
  handbook: string,
  workDir: string,
  targetChunks: number,
  embedder: Embedder,
): Promise<SyntheticIndex> {
  const chunking = { chunkSize: 1000, chunkOverlap: 150 };
  const docsDir = join(workDir, "docs");
  const indexDir = join(workDir, "index");
  const corpusStarted = performance.now();
  const corpus = await writeSyntheticCorpus(handbook, docsDir, targetChunks, chunking);
  const corpusMs = performance.now() - corpusStarted;
  const started = performance.now();
  const lastReport = new Map<IngestStage, number>();
  const summary = await ingestDocuments({
    docsDir,
    store: createFileIndexStore(indexDir),
    rebuild: true,
    embedder,
    embedding: { batchSize: 64, concurrency: 2, maxRetries: 4, timeoutMs: 600_000 },
    chunking,
    maxFileBytes: 50 * 1024 * 1024,
    logger: silentLogger,
    onProgress: (stage) => lastReport.set(stage, performance.now() - started),
  });
  const buildMs = performance.now() - started;
  const scanned = lastReport.get("scanning") ?? 0;
  const loaded = lastReport.get("loading") ?? scanned;
  const embedded = lastReport.get("embedding") ?? loaded;
  return {
    indexDir,
    corpus,
    corpusMs,
    buildMs,
    stages: [scanned, loaded - scanned, embedded - loaded, buildMs - embedded],
    summary,
  };
}
