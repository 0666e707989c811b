import type { EmbeddingsInterface } from "@langchain/core/embeddings";

/**
 * An embedding model as the pipelines see it: LangChain's Embeddings interface plus a stable identity.
 * The id (for example "local:hashed-ngrams-v2:384" or "ollama:nomic-embed-text") is recorded in the index
 * manifest; an index is only ever searched with the embedder that built it.
 */
export interface Embedder extends EmbeddingsInterface {
  readonly id: string;
  /** Releases models or connections held by the embedder, when it holds any. */
  close?(): Promise<void>;
}
