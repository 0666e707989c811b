import { Embeddings } from "@langchain/core/embeddings";
import type { EmbeddingsSettings } from "../config/embeddings-settings.js";
import { DocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { Embedder, EmbedderCapabilities } from "./embedder.js";
import { importTransformers } from "./import-transformers.js";
import {
  applyModelSource,
  chooseModelSource,
  describeLoadFailure,
  transformersDtype,
} from "./transformers-model-source.js";

/** LangChain's embedder for transformers.js; its pipeline is loaded on first use and kept. */
type LangChainEmbeddings =
  import("@langchain/community/embeddings/huggingface_transformers").HuggingFaceTransformersEmbeddings;

/** The part of a transformers.js pipeline close() uses; LangChain keeps it in a field it does not export. */
interface PipelineHolder {
  pipelinePromise?: Promise<{ dispose(): Promise<void> }> | null;
}

/**
 * In-process ONNX sentence embeddings through LangChain's HuggingFaceTransformersEmbeddings (transformers.js with
 * onnxruntime-node): mean pooling and L2 normalisation, the int8 model, no server. The id carries the model, the
 * quantisation and the dimension, so an index built with another model or size is refused.
 */
export class TransformersEmbeddings extends Embeddings implements Embedder {
  readonly id: string;
  readonly capabilities: EmbedderCapabilities;
  #inner: LangChainEmbeddings | undefined;

  constructor(model: string, dimensions: number, inner: LangChainEmbeddings) {
    super({ maxRetries: 0 });
    this.id = `transformers:${model}:${transformersDtype}:${dimensions}`;
    // ONNX Runtime runs several calls on one session at once; they share the machine's cores.
    this.capabilities = {
      provider: "transformers",
      model,
      dimensions,
      maxBatchSize: Number.POSITIVE_INFINITY,
      parallelCalls: true,
      hashedFeatures: null,
    };
    this.#inner = inner;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return this.#open().embedDocuments(texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.#open().embedQuery(text);
  }

  async close(): Promise<void> {
    const inner = this.#inner as unknown as PipelineHolder | undefined;
    this.#inner = undefined;
    const pipeline = await inner?.pipelinePromise?.catch(() => undefined);
    await pipeline?.dispose();
  }

  #open(): LangChainEmbeddings {
    if (this.#inner === undefined) {
      throw new DocentError("EMBEDDINGS_FAILED", `The embedder ${this.id} is closed`);
    }
    return this.#inner;
  }
}

/**
 * Loads the model now (downloading it into the cache on first use), so that a missing folder or a failed
 * download stops the command at start with a sentence naming the variable to fix.
 */
export async function loadTransformersEmbeddings(
  settings: EmbeddingsSettings,
  logger: Logger,
): Promise<TransformersEmbeddings> {
  const source = chooseModelSource(settings);
  const { env } = await importTransformers();
  applyModelSource(env, source, settings);
  const { HuggingFaceTransformersEmbeddings } = await import(
    "@langchain/community/embeddings/huggingface_transformers"
  );
  // Passed on to transformers.js's pipeline(), which also takes the dtype (LangChain's type lists the rest).
  const pretrainedOptions = { cache_dir: settings.cacheDir, dtype: transformersDtype };
  const inner = new HuggingFaceTransformersEmbeddings({
    model: source.name,
    // The embedding queue's batches are at most EMBEDDINGS_BATCH_SIZE texts: LangChain splits none of them.
    // Retries and deadlines are the queue's too.
    batchSize: settings.batchSize,
    maxRetries: 0,
    onFailedAttempt: () => {},
    pretrainedOptions,
  });
  let probe: number[];
  try {
    probe = await inner.embedQuery("dimension probe");
  } catch (error) {
    throw describeLoadFailure(source, settings, error);
  }
  const embedder = new TransformersEmbeddings(source.name, probe.length, inner);
  logger.info(
    { embedder: embedder.id, dimensions: probe.length, from: source.folder ?? settings.cacheDir },
    "Loaded the transformers.js embedding model",
  );
  return embedder;
}
