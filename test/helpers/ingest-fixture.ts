import { type IngestOptions, ingestDocuments } from "../../ingest/ingest-pipeline.js";
import type { Embedder } from "../../src/embeddings/embedder.js";
import { createFileIndexStore } from "../../src/index-store/file-index-store.js";
import { silentLogger } from "../../src/logging/logger.js";

/** Runs the real ingest pipeline with test-sized settings. */
export function ingestFolder(
  docsDir: string,
  indexDir: string,
  embedder: Embedder,
  overrides: Partial<IngestOptions> = {},
) {
  return ingestDocuments({
    docsDir,
    store: createFileIndexStore(indexDir),
    rebuild: false,
    embedder,
    embedding: { batchSize: 16, concurrency: 2, maxRetries: 0, timeoutMs: 10_000 },
    chunking: { chunkSize: 400, chunkOverlap: 60 },
    maxFileBytes: 1024 * 1024,
    logger: silentLogger,
    ...overrides,
  });
}
