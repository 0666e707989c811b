import type { EmbeddingsInterface } from "@langchain/core/embeddings";

/**
 * What an embedder can do, as data: the pipelines read these fields and never ask which class an embedder is.
 * (The same idea as vercel/ai's EmbeddingModelV3: provider and model id, the most values per call, parallel calls.)
 */
export interface EmbedderCapabilities {
  /** Which kind of embedder: "local", "ollama", "openai", "llamacpp", "transformers" (a test's own fake says so). */
  readonly provider: string;
  /** The model as its provider names it (for logs; the id is what an index records). */
  readonly model: string;
  /** The length of every vector, when known before the first reply (a server's model: undefined until it answers). */
  readonly dimensions: number | undefined;
  /** The most texts one embedDocuments call may carry; larger batches are cut to it. Infinity when unlimited. */
  readonly maxBatchSize: number;
  /** Whether several calls may run at once; when false, batches go one after another whatever the concurrency. */
  readonly parallelCalls: boolean;
  /**
   * Set when each vector is the feature hashing of the text's tokens (hashed-features.ts: embedTerms(tokenize(text),
   * dimensions)), a pure function of the text: the ingest then computes the vectors itself, on the thread that
   * tokenizes the chunks for the keyword index, instead of calling the embedder. Null for a model.
   */
  readonly hashedFeatures: { readonly dimensions: number } | null;
}

/**
 * An embedding model as the pipelines see it: LangChain's Embeddings interface (embedDocuments, embedQuery), which
 * every implementation is or wraps, plus a stable identity and its capabilities. The id (for example
 * "local:hashed-ngrams-v2:384" or "ollama:nomic-embed-text") is recorded in the index manifest; an index is only
 * ever searched with the embedder that built it. Batches, deadlines and retries are embedding-queue.ts's, for all.
 */
export interface Embedder extends EmbeddingsInterface {
  readonly id: string;
  readonly capabilities: EmbedderCapabilities;
  /** Releases models or connections held by the embedder, when it holds any. */
  close?(): Promise<void>;
}

/** How texts are sent to an embedder: the EMBEDDINGS_* settings. */
export interface EmbeddingCallSettings {
  /** Texts per call (cut further to the embedder's maxBatchSize). */
  batchSize: number;
  /** How many calls may be in flight at once (1 for an embedder without parallel calls). */
  concurrency: number;
  /** Further attempts per batch after the first, for 408/409/429/5xx, timeouts and connection errors. */
  maxRetries: number;
  /** Deadline for one call to the embedder. */
  timeoutMs: number;
}
