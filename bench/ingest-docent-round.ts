import { appendFile, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type IngestStage, type IngestSummary, ingestDocuments } from "../ingest/ingest-pipeline.js";
import type { Embedder } from "../src/embeddings/embedder.js";
import { createFileIndexStore } from "../src/index-store/file-index-store.js";
import { silentLogger } from "../src/logging/logger.js";
import { documentsFolder } from "../src/sources/folder/folder-source.js";

/** One round of docent's ingest on a folder: full rebuild, unchanged re-ingest, re-ingest after one file changed. */
export interface DocentRound {
  fullMs: number;
  /** scan+read+hash, load+split, embed, HNSW+BM25+write+publish (from the pipeline's progress reports). */
  fullStages: [number, number, number, number];
  full: IngestSummary;
  unchangedMs: number;
  /** True when the unchanged re-ingest kept the current generation and wrote no other. */
  unchangedKeptGeneration: boolean;
  oneChangedMs: number;
  oneChanged: IngestSummary;
}

export interface DocentRoundSettings {
  embedder: Embedder;
  chunking: { chunkSize: number; chunkOverlap: number };
}

export async function runDocentRound(
  docsDir: string,
  indexDir: string,
  changedFile: string,
  settings: DocentRoundSettings,
): Promise<DocentRound> {
  const ingest = (rebuild: boolean, onProgress?: (stage: IngestStage) => void) =>
    ingestDocuments({
      sources: [documentsFolder(docsDir, 50 * 1024 * 1024)],
      docsDir,
      store: createFileIndexStore(indexDir),
      rebuild,
      embedder: settings.embedder,
      // The configuration defaults (src/config/config.ts).
      embedding: { batchSize: 64, concurrency: 2, maxRetries: 4, timeoutMs: 60_000 },
      chunking: settings.chunking,
      logger: silentLogger,
      onProgress,
    });
  const started = performance.now();
  const lastReport = new Map<IngestStage, number>();
  const full = await ingest(true, (stage) => lastReport.set(stage, performance.now() - started));
  const fullMs = performance.now() - started;
  const scanned = lastReport.get("scanning") ?? 0;
  const loaded = lastReport.get("loading") ?? scanned;
  const embedded = lastReport.get("embedding") ?? loaded;

  const unchangedStarted = performance.now();
  const unchanged = await ingest(false);
  const unchangedMs = performance.now() - unchangedStarted;
  const generations = await readdir(join(indexDir, "generations"));

  const changedPath = join(docsDir, changedFile);
  const original = await readFile(changedPath);
  await appendFile(changedPath, `\n\nA paragraph added by the ingest bench at ${Date.now()}.\n`);
  const changedStarted = performance.now();
  const oneChanged = await ingest(false);
  const oneChangedMs = performance.now() - changedStarted;
  await writeFile(changedPath, original);
  await rm(indexDir, { recursive: true, force: true });
  return {
    fullMs,
    fullStages: [scanned, loaded - scanned, embedded - loaded, fullMs - embedded],
    full,
    unchangedMs,
    unchangedKeptGeneration: unchanged.generation === full.generation && generations.length === 1,
    oneChangedMs,
    oneChanged,
  };
}
