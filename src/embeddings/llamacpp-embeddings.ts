import path from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { DocentError } from "../errors.js";
import { loadLlamaModel } from "../llamacpp/load-llama-model.js";
import type { Llama, LlamaEmbeddingContext, LlamaModel } from "../llamacpp/node-llama-cpp-types.js";
import type { Logger } from "../logging/logger.js";
import type { Embedder, EmbedderCapabilities } from "./embedder.js";

interface LoadedModel {
  dimensions: number;
  llama: Llama;
  model: LlamaModel;
  context: LlamaEmbeddingContext;
}

/**
 * Embeds in-process with llama.cpp through node-llama-cpp, an optional dependency imported only when this
 * provider is chosen. The model is loaded once, by loadLlamaCppEmbeddings; close() frees it. Its one embedding
 * context evaluates one text at a time (node-llama-cpp locks it), so calls are not made in parallel: a second
 * batch would only wait inside the first one's deadline.
 */
export class LlamaCppEmbeddings extends Embeddings implements Embedder {
  readonly id: string;
  readonly capabilities: EmbedderCapabilities;
  #loaded: LoadedModel | undefined;

  constructor(modelPath: string, loaded: LoadedModel) {
    super({ maxRetries: 0 });
    const model = path.basename(modelPath);
    this.id = `llamacpp:${model}`;
    this.capabilities = {
      provider: "llamacpp",
      model,
      dimensions: loaded.dimensions,
      maxBatchSize: Number.POSITIVE_INFINITY,
      parallelCalls: false,
      hashedFeatures: null,
    };
    this.#loaded = loaded;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (const text of texts) vectors.push(await this.embedQuery(text));
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    if (this.#loaded === undefined) {
      throw new DocentError("EMBEDDINGS_FAILED", `The embedder ${this.id} is closed`);
    }
    const { vector } = await this.#loaded.context.getEmbeddingFor(text);
    // llama.cpp returns an empty vector for a text with no tokens; keep every vector the model's size.
    return vector.length === 0 ? new Array<number>(this.#loaded.dimensions).fill(0) : Array.from(vector);
  }

  async close(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = undefined;
    if (loaded === undefined) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
    await loaded.llama.dispose();
  }
}

export async function loadLlamaCppEmbeddings(modelPath: string, logger: Logger): Promise<LlamaCppEmbeddings> {
  const failed = (error: unknown) =>
    new DocentError("EMBEDDINGS_FAILED", `llama.cpp could not load ${modelPath} as an embedding model`, {
      cause: error,
    });
  const { llama, model } = await loadLlamaModel(
    modelPath,
    { pathSetting: "EMBEDDINGS_MODEL", providerSetting: "EMBEDDINGS_PROVIDER" },
    logger,
    failed,
  );
  try {
    const context = await model.createEmbeddingContext();
    const embedder = new LlamaCppEmbeddings(modelPath, {
      dimensions: model.embeddingVectorSize,
      llama,
      model,
      context,
    });
    logger.info(
      { embedder: embedder.id, dimensions: model.embeddingVectorSize },
      "Loaded the llama.cpp embedding model",
    );
    return embedder;
  } catch (error) {
    await llama.dispose();
    throw failed(error);
  }
}
