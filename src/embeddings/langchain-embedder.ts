import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Embedder, EmbedderCapabilities } from "./embedder.js";

/**
 * A LangChain embeddings client used as it is (OllamaEmbeddings, OpenAIEmbeddings): its two calls, with docent's
 * identity and the capabilities its provider has. It holds no model, so there is nothing to close.
 */
export class LangChainEmbedder implements Embedder {
  readonly id: string;
  readonly capabilities: EmbedderCapabilities;
  readonly #embeddings: EmbeddingsInterface;

  constructor(id: string, capabilities: EmbedderCapabilities, embeddings: EmbeddingsInterface) {
    this.id = id;
    this.capabilities = capabilities;
    this.#embeddings = embeddings;
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.#embeddings.embedDocuments(texts);
  }

  embedQuery(text: string): Promise<number[]> {
    return this.#embeddings.embedQuery(text);
  }
}
