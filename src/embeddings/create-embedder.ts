import type { Config } from "../config/config.js";
import { DocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { Embedder } from "./embedder.js";
import { LangChainEmbedder } from "./langchain-embedder.js";
import { loadLlamaCppEmbeddings } from "./llamacpp-embeddings.js";
import { LocalEmbeddings } from "./local-embeddings.js";
import { loadTransformersEmbeddings } from "./transformers-embeddings.js";

type EmbeddingsSettings = Config["embeddings"];

const defaultOllamaModel = "nomic-embed-text";
const defaultOllamaBaseUrl = "http://127.0.0.1:11434";
const defaultOpenAIModel = "text-embedding-3-small";
const defaultOpenAIHost = "api.openai.com";
/** Keyless OpenAI-compatible servers (vLLM, llama.cpp server, TEI) ignore the key, but the SDK wants one. */
const placeholderApiKey = "no-key-needed";
const openAIMaxInputsPerRequest = 2048;

/**
 * LangChain's own retries are off (maxRetries 0, no failed-attempt handler) and its queue does not limit
 * concurrency: the embedding queue (embedding-queue.ts) batches, limits, times out and retries every call, so each
 * is counted in one place.
 */
const noLangChainRetries = {
  maxRetries: 0,
  maxConcurrency: Number.POSITIVE_INFINITY,
  onFailedAttempt: () => {},
};

export async function createEmbedder(settings: EmbeddingsSettings, logger: Logger): Promise<Embedder> {
  const embedder = await createForProvider(settings, logger);
  logger.info({ embedder: embedder.id, provider: settings.provider }, "Embedder ready");
  return embedder;
}

async function createForProvider(settings: EmbeddingsSettings, logger: Logger): Promise<Embedder> {
  switch (settings.provider) {
    case "local":
      return new LocalEmbeddings();
    case "ollama":
      return await createOllamaEmbedder(settings);
    case "openai":
      return await createOpenAIEmbedder(settings);
    case "llamacpp":
      if (settings.model === undefined) {
        throw new DocentError("CONFIG_INVALID", "Set EMBEDDINGS_MODEL to the path of a GGUF embedding model");
      }
      return loadLlamaCppEmbeddings(settings.model, logger);
    case "transformers":
      return loadTransformersEmbeddings(settings, logger);
  }
}

/**
 * An Ollama model name is a registry name, the same model on any server: the id leaves the host out.
 * Provider clients are imported only when configured, which keeps every command's start-up fast.
 */
async function createOllamaEmbedder(settings: EmbeddingsSettings): Promise<Embedder> {
  const { OllamaEmbeddings } = await import("@langchain/ollama");
  const model = settings.model ?? defaultOllamaModel;
  const embeddings = new OllamaEmbeddings({
    ...noLangChainRetries,
    model,
    baseUrl: settings.baseUrl ?? defaultOllamaBaseUrl,
    // Ollama's own default: cut an over-long chunk to the model's context instead of failing the whole ingest.
    truncate: true,
    fetch: fetchWithTimeout(settings.timeoutMs),
  });
  // Ollama's /api/embed takes any number of inputs, and the server queues parallel requests itself.
  return new LangChainEmbedder(
    `ollama:${model}`,
    serverCapabilities("ollama", model, Number.POSITIVE_INFINITY),
    embeddings,
  );
}

/**
 * An OpenAI-compatible model name only means something on its server (llama.cpp's server accepts any name),
 * so the id carries the server's host and port: moving to another server means re-indexing.
 */
async function createOpenAIEmbedder(settings: EmbeddingsSettings): Promise<Embedder> {
  if (settings.apiKey === undefined && settings.baseUrl === undefined) {
    throw new DocentError(
      "CONFIG_INVALID",
      "Invalid configuration. Set EMBEDDINGS_API_KEY for OpenAI, or EMBEDDINGS_BASE_URL for a keyless OpenAI-compatible server",
    );
  }
  const model = settings.model ?? defaultOpenAIModel;
  const { OpenAIEmbeddings } = await import("@langchain/openai");
  const embeddings = new OpenAIEmbeddings({
    ...noLangChainRetries,
    model,
    apiKey: settings.apiKey ?? placeholderApiKey,
    // The embedding queue cuts batches to this limit already; the client splits nothing.
    batchSize: openAIMaxInputsPerRequest,
    timeout: settings.timeoutMs,
    // Plain JSON numbers: without this the SDK asks for base64 and hands back Float32Arrays, and not every
    // OpenAI-compatible server speaks base64.
    encodingFormat: "float",
    configuration: settings.baseUrl === undefined ? {} : { baseURL: settings.baseUrl },
  });
  const host = settings.baseUrl === undefined ? defaultOpenAIHost : new URL(settings.baseUrl).host;
  const capabilities = serverCapabilities("openai", model, openAIMaxInputsPerRequest);
  return new LangChainEmbedder(`openai:${model}@${host}`, capabilities, embeddings);
}

/** A model behind a server: its dimension is learnt from the first reply. */
function serverCapabilities(provider: string, model: string, maxBatchSize: number) {
  return { provider, model, dimensions: undefined, maxBatchSize, parallelCalls: true, hashedFeatures: null };
}

/** Ollama's client has no timeout of its own; this ends each request at the deadline the embedding queue keeps. */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetch(input, { ...init, signal });
  };
}
