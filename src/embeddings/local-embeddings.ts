import { Embeddings } from "@langchain/core/embeddings";
import type { Embedder, EmbedderCapabilities } from "./embedder.js";
import { embedText } from "./hashed-features.js";

export interface LocalEmbeddingsOptions {
  /** Vector length; 384 keeps an HNSW index of 100k chunks near 160 MiB. */
  dimensions?: number;
}

export const defaultLocalDimensions = 384;

/** Bump whenever the vectors for the same text change, so that old indexes are refused and rebuilt. */
const featureVersion = "hashed-ngrams-v2";

/**
 * The default embedder: feature-hashed words, word pairs and character n-grams (see hashed-features.ts).
 * Offline, deterministic, nothing to download, and a chunk's vector depends on that chunk alone.
 * Lexical rather than semantic: it finds "tokens" for "token" and "max_tokens", not "car" for "automobile".
 */
export class LocalEmbeddings extends Embeddings implements Embedder {
  readonly id: string;
  readonly capabilities: EmbedderCapabilities;
  readonly #dimensions: number;

  constructor(options: LocalEmbeddingsOptions = {}) {
    super({});
    const dimensions = options.dimensions ?? defaultLocalDimensions;
    if (!Number.isInteger(dimensions) || dimensions < 8) {
      throw new RangeError(`LocalEmbeddings dimensions must be an integer of at least 8, got ${dimensions}.`);
    }
    this.#dimensions = dimensions;
    this.id = `local:${featureVersion}:${dimensions}`;
    // Its vectors are hashed features of each text's tokens: the ingest computes them on its tokenizing thread.
    this.capabilities = {
      provider: "local",
      model: featureVersion,
      dimensions,
      maxBatchSize: Number.POSITIVE_INFINITY,
      parallelCalls: true,
      hashedFeatures: { dimensions },
    };
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((document) => embedText(document, this.#dimensions));
  }

  async embedQuery(document: string): Promise<number[]> {
    return embedText(document, this.#dimensions);
  }
}
