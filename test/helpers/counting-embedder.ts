import { Embeddings } from "@langchain/core/embeddings";
import type { Embedder, EmbedderCapabilities } from "../../src/embeddings/embedder.js";
import { LocalEmbeddings } from "../../src/embeddings/local-embeddings.js";

/**
 * The real local embedder, counting how many texts it was asked to embed (to prove what was re-embedded). It does
 * not declare hashed features, so the ingest calls it for every chunk instead of computing the vectors itself.
 */
export class CountingEmbedder extends Embeddings implements Embedder {
  readonly id: string;
  readonly capabilities: EmbedderCapabilities;
  embeddedTexts = 0;
  private readonly inner: LocalEmbeddings;

  constructor(dimensions = 64, id?: string) {
    super({});
    this.inner = new LocalEmbeddings({ dimensions });
    this.id = id ?? this.inner.id;
    this.capabilities = { ...this.inner.capabilities, provider: "test", hashedFeatures: null };
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.embeddedTexts += texts.length;
    return this.inner.embedDocuments(texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
}
