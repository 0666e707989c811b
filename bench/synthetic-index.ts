import { join } from "node:path";
import { type IngestStage, type IngestSummary, ingestDocuments } from "../ingest/ingest-pipeline.js";
import type { Embedder } from "../src/embeddings/embedder.js";
import { createFileIndexStore } from "../src/index-store/file-index-store.js";
import type { IndexStore } from "../src/index-store/index-store.js";
import { silentLogger } from "../src/logging/logger.js";
import { documentsFolder } from "../src/sources/folder/folder-source.js";
import { type SyntheticCorpus, writeSyntheticCorpus } from "./synthetic-corpus.js";

export const syntheticChunking = { chunkSize: 1000, chunkOverlap: 150 };

export interface TimedIngest {
  buildMs: number;
  /** Milliseconds of the build: scan+read+hash, load+split, embed, index+write+publish. */
  stages: [number, number, number, number];
  summary: IngestSummary;
}

export interface SyntheticIndex extends TimedIngest {
  indexDir: string;
  corpus: SyntheticCorpus;
  corpusMs: number;
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
  const docsDir = join(workDir, "docs");
  const indexDir = join(workDir, "index");
  const corpusStarted = performance.now();
  const corpus = await writeSyntheticCorpus(handbook, docsDir, targetChunks, syntheticChunking);
  const corpusMs = performance.now() - corpusStarted;
  const timed = await ingestTimed(docsDir, createFileIndexStore(indexDir), embedder);
  return { indexDir, corpus, corpusMs, ...timed };
}

/** A full rebuild of docsDir into a store with the configuration defaults, timed stage by stage. */
export async function ingestTimed(
  docsDir: string,
  store: IndexStore,
  embedder: Embedder,
): Promise<TimedIngest> {
  const started = performance.now();
  const lastReport = new Map<IngestStage, number>();
  const summary = await ingestDocuments({
    sources: [documentsFolder(docsDir, 50 * 1024 * 1024)],
    docsDir,
    store,
    rebuild: true,
    embedder,
    embedding: { batchSize: 64, concurrency: 2, maxRetries: 4, timeoutMs: 600_000 },
    chunking: syntheticChunking,
    logger: silentLogger,
    onProgress: (stage) => lastReport.set(stage, performance.now() - started),
  });
  const buildMs = performance.now() - started;
  const scanned = lastReport.get("scanning") ?? 0;
  const loaded = lastReport.get("loading") ?? scanned;
  const embedded = lastReport.get("embedding") ?? loaded;
  return { buildMs, stages: [scanned, loaded - scanned, embedded - loaded, buildMs - embedded], summary };
}
