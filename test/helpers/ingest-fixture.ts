import { type IngestOptions, ingestDocuments } from "../../ingest/ingest-pipeline.js";
import type { Embedder } from "../../src/embeddings/embedder.js";
import { createFileIndexStore } from "../../src/index-store/files/file-index-store.js";
import type { LoadedFileGeneration } from "../../src/index-store/files/load-file-generation.js";
import { searchFileGeneration } from "../../src/index-store/files/search-file-generation.js";
import type { SearchOptions } from "../../src/index-store/index-store.js";
import { silentLogger } from "../../src/logging/logger.js";
import { documentsFolder } from "../../src/sources/folder/folder-source.js";

/** The ingest's settings sized for tests: small chunks and batches, no retries, no log. */
export const testIngestSettings = {
  rebuild: false,
  embedding: { batchSize: 16, concurrency: 2, maxRetries: 0, timeoutMs: 10_000 },
  chunking: { chunkSize: 400, chunkOverlap: 60 },
  logger: silentLogger,
} satisfies Partial<IngestOptions>;

/** Runs the real ingest pipeline with test-sized settings. */
export function ingestFolder(
  docsDir: string,
  indexDir: string,
  embedder: Embedder,
  overrides: Partial<IngestOptions> = {},
) {
  return ingestDocuments({
    sources: [documentsFolder(docsDir, 1024 * 1024)],
    docsDir,
    store: createFileIndexStore(indexDir),
    embedder,
    ...testIngestSettings,
    ...overrides,
  });
}

/** Embeds a question and searches a loaded file-store generation with it. */
export async function searchLoaded(
  index: LoadedFileGeneration,
  embedder: Embedder,
  question: string,
  options: SearchOptions,
) {
  return searchFileGeneration(index, await embedder.embedQuery(question), question, options);
}
