import { existsSync } from "node:fs";
import path from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { DocentError } from "../errors.js";
import { importNodeLlamaCpp } from "../llamacpp/import-node-llama-cpp.js";
import type { Logger } from "../logging/logger.js";
import type { Embedder } from "./embedder.js";

/**
 * The part of node-llama-cpp used here, typed locally so that the project builds without the optional package.
 */
interface NodeLlamaCpp {
  getLlama(options: {
    build: "never";
    logLevel: "warn";
    logger: (level: string, message: string) => void;
  }): Promise<Disposable & { loadModel(options: { modelPath: string }): Promise<LlamaModel> }>;
}
interface Disposable {
  dispose(): Promise<void>;
}
interface LlamaModel extends Disposable {
  readonly embeddingVectorSize: number;
  createEmbeddingContext(): Promise<EmbeddingContext>;
}
interface EmbeddingContext extends Disposable {
  getEmbeddingFor(text: string): Promise<{ readonly vector: readonly number[] }>;
}
interface LoadedModel {
  dimensions: number;
  llama: Disposable;
  model: Disposable;
  context: EmbeddingContext;
}

/**
 * Embeds in-process with llama.cpp through node-llama-cpp, an optional dependency imported only when this
 * provider is chosen. The model is loaded once, by loadLlamaCppEmbeddings; close() frees it.
 */
export class LlamaCppEmbeddings extends Embeddings implements Embedder {
  readonly id: string;
  #loaded: LoadedModel | undefined;

  constructor(modelPath: string, loaded: LoadedModel) {
    super({ maxRetries: 0 });
    this.id = `llamacpp:${path.basename(modelPath)}`;
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
  if (!existsSync(modelPath)) {
    throw new DocentError(
      "CONFIG_INVALID",
      `Invalid configuration. Fix EMBEDDINGS_MODEL: ${modelPath} does not exist (it must be the path of a GGUF file)`,
    );
  }
  const { getLlama } = await importNodeLlamaCpp<NodeLlamaCpp>("EMBEDDINGS_PROVIDER");
  const llamaLogger = logger.child({ component: "llama.cpp" });
  let llama: Awaited<ReturnType<NodeLlamaCpp["getLlama"]>> | undefined;
  try {
    llama = await getLlama({
      build: "never",
      logLevel: "warn",
      logger: (level, message) => llamaLogger.warn({ level }, message),
    });
    const model = await llama.loadModel({ modelPath });
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
    await llama?.dispose();
    throw new DocentError(
      "EMBEDDINGS_FAILED",
      `llama.cpp could not load ${modelPath} as an embedding model`,
      {
        cause: error,
      },
    );
  }
}
