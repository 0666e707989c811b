import type { Embedder } from "../src/embeddings/embedder.js";
import type { IndexRepair } from "../src/index-store/index-repair.js";
import type { IndexStore, IngestStage } from "../src/index-store/index-store.js";
import type { RunSummary } from "../src/index-store/manifest.js";
import type { Logger } from "../src/logging/logger.js";
import type { DocumentSource } from "../src/sources/document-source.js";
import type { IngestLimits } from "./loaders/ingest-limits.js";

/** What an ingest is given (ingest-pipeline.ts), and what it reports. */
export interface IngestOptions {
  /** Where the documents come from, each listed once per run. */
  sources: readonly DocumentSource[];
  /**
   * The names of the sources to sync this run (`docent ingest --source`); the others keep their documents as they
   * are. All of them when absent.
   */
  only?: readonly string[];
  /**
   * The documents folder (DOCENT_DOCS_DIR), when it is one of the sources: the index remembers it, and an ingest
   * from another folder than the index's is refused unless it rebuilds.
   */
  docsDir?: string;
  /** Where the index lives (local files or PostgreSQL). */
  store: IndexStore;
  rebuild: boolean;
  embedder: Embedder;
  embedding: { batchSize: number; concurrency: number; maxRetries: number; timeoutMs: number };
  chunking: { chunkSize: number; chunkOverlap: number };
  /** Bounds on reading one file (extracted text, archive parts, PDF pages, time, memory); defaults when absent. */
  limits?: IngestLimits;
  logger: Logger;
  signal?: AbortSignal;
  onProgress?: (stage: IngestStage, done: number, total: number) => void;
}

export interface IngestSummary extends RunSummary {
  documents: number;
  chunks: number;
  /** The generation now current; unchanged when nothing changed. */
  generation: string | null;
  /** The documents folder indexed (an absolute path), when it was one of the sources. */
  docsDir?: string;
  /** The files counted in `skipped`: not documents (by their extension, or hidden), and documents with no text. */
  skippedFiles: { notDocuments: string[]; withoutText: string[] };
  /** Documents per scope in the index now. */
  documentsPerScope: Record<string, number>;
  /** Sources that could not be listed at all: their documents stay as they were (each also in `failed`). */
  failedSources: string[];
  /** The sources this run asked (all of them, or those `only` names). */
  sourcesAsked: string[];
  /** Present when the current generation was found damaged, saying what was rebuilt. */
  repaired?: IndexRepair;
}
