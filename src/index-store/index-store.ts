import type { SearchHit } from "../documents/chunk.js";
import type { SplitFile } from "../documents/split-file.js";
import type { Vocabulary } from "../retrieval/vocabulary.js";
import type { Manifest, RunSummary } from "./manifest.js";

/**
 * Where an index lives. Two stores keep the same contract (test/index-store/index-store-contract.ts runs against
 * both): local files (hnswlib + a BM25 keyword index, one folder per generation) and PostgreSQL (pgvector + a BM25 postings
 * table, for several replicas sharing one index). Both write a whole generation, then make it current atomically;
 * readers see either the old generation or the new one, never a mix; the previous generation is kept for rollback.
 */
export interface IndexStore {
  /** Where the index is, for messages and logs (never a password). */
  readonly description: string;
  /** The single-run lock for ingest and rollback; throws INGEST_LOCKED when another run holds it. */
  lockIngest(): Promise<IngestLock>;
  /** Removes what killed runs left behind and generations older than the one before `keep`. Needs the lock. */
  cleanUp(keep: string | null): Promise<void>;
  /** The name of the current generation, or null when nothing was ever ingested. Cheap: called about once a second. */
  currentGeneration(): Promise<string | null>;
  /** Names of the complete generations kept, oldest first. */
  listGenerations(): Promise<string[]>;
  readManifest(generation: string): Promise<Manifest>;
  /**
   * A string that changes whenever a generation's stored data does (its files' sizes, times, inodes): a generation
   * that could not be opened is not tried again while it stays the same. Stores whose generations never change
   * after they are written leave it out.
   */
  fingerprintGeneration?(generation: string): Promise<string>;
  /**
   * Checks each part of a generation the way opening it would, and lists what is damaged (nothing when it is
   * sound): an ingest rebuilds what it cannot trust. Stores with nothing to check beyond the manifest leave it out.
   */
  checkGeneration?(manifest: Manifest): Promise<GenerationProblem[]>;
  /** Opens a generation for searching. */
  openGeneration(manifest: Manifest): Promise<ServedGeneration>;
  /** Writes a complete generation from the draft and makes it current atomically. Needs the lock. */
  writeGeneration(draft: GenerationDraft): Promise<Manifest>;
  /**
   * Opens the next generation before the ingest embeds, so that the store can index each batch as it comes
   * (the file store inserts into the HNSW graph while later batches are embedded). Needs the lock. A store
   * without it gets the whole draft at once through writeGeneration (see begin-generation.ts).
   */
  beginGeneration?(start: GenerationStart): GenerationBuilder;
  /** Makes an existing generation current again (rollback). Needs the lock. */
  publishGeneration(generation: string): Promise<void>;
  /** The latest ingest run, including runs that changed nothing (and so wrote no generation). */
  recordLastRun(run: LastRun): Promise<void>;
  readLastRun(): Promise<LastRun | null>;
  close(): Promise<void>;
}

/** A part of a generation that cannot be used, and why (the message names the file and the fix). */
export interface GenerationProblem {
  file: "chunks.bin" | "vectors.hnsw" | "keywords.bin";
  problem: string;
}

/** The stages of an ingest run as it reports its progress; loading and embedding overlap. */
export type IngestStage = "scanning" | "loading" | "embedding" | "writing";

export interface IngestLock {
  release(): Promise<void>;
}

export interface SearchOptions {
  /** How many results to return. */
  k: number;
  /** Only chunks in these scopes are searched; undefined searches every scope. */
  scopes?: readonly string[];
  /** How deep each side (vector, keyword) looks before fusion; defaults to max(4k, 40). */
  depth?: number;
}

/** One generation, opened for searching. */
export interface ServedGeneration {
  readonly manifest: Manifest;
  /**
   * Hybrid retrieval: vector search with the question's embedding and keyword search with its words, the scope
   * filter applied inside both searches (a scope never gets fewer results than it has), fused into one ranking.
   */
  search(question: string, queryVector: readonly number[], options: SearchOptions): Promise<SearchHit[]>;
  /** The generation's index terms with their chunk counts (for spelling correction), read once and kept with it. */
  vocabulary(): Promise<Vocabulary>;
}

/** What an ingest hands the store: the generation it builds on, what goes, what comes in. */
export interface GenerationDraft {
  name: string;
  /** The generation this one builds on (its kept chunks are reused without re-embedding), or null. */
  previous: Manifest | null;
  /**
   * The current generation when this run found it damaged (and so builds on something else): it is not the one kept
   * for rollback, the generation before it is.
   */
  damaged?: string | null;
  /** Sources whose previous chunks go: deleted files and files split again in this run. */
  replacedSources: ReadonlySet<string>;
  split: readonly SplitFile[];
  /** One vector per new chunk, in the order of split.flatMap((file) => file.chunks). */
  vectors: readonly number[][];
  /** The index terms of each new chunk (tokenize(chunkIndexText(chunk))) when the ingest has them already. */
  terms?: readonly (readonly string[])[];
  embedderId: string;
  dimensions: number;
  chunking: Manifest["chunking"];
  run: RunSummary;
  /** The documents folder this generation is built from (an absolute path). */
  docsDir?: string;
  /** What each document source asked to be handed back at its next sync, by source name. */
  sourceStates?: Record<string, unknown>;
}

/** What an ingest knows of the next generation before it embeds. */
export type GenerationStart = Pick<GenerationDraft, "name" | "previous" | "embedderId" | "damaged">;

/** The next new chunks, embedded: their vectors and, when the ingest has them, their index terms. */
export interface EmbeddedBatch {
  vectors: readonly number[][];
  terms?: readonly (readonly string[])[];
}

/** A generation being built while its chunks are embedded; nothing is visible to readers before commit. */
export interface GenerationBuilder {
  /** Adds the next batch, in the order of split.flatMap((file) => file.chunks). */
  add(batch: EmbeddedBatch): void;
  /** Writes the generation, now that the rest of the draft is known, and makes it current atomically. */
  commit(rest: Omit<GenerationDraft, keyof GenerationStart | "vectors" | "terms">): Promise<Manifest>;
  /** Forgets what was added (a failed or cancelled run): nothing was written. */
  discard(): void;
}

export interface LastRun extends RunSummary {
  documents: number;
  chunks: number;
  /** The generation current after the run. */
  generation: string | null;
  finishedAt: string;
}

/** Search depth of each side before fusion. */
export function searchDepth(options: SearchOptions): number {
  return options.depth ?? Math.max(options.k * 4, 40);
}
