import path from "node:path";
import type { Environment } from "./environment-schema.js";

export type EmbeddingsProvider = Environment["EMBEDDINGS_PROVIDER"];

export interface EmbeddingsSettings {
  provider: EmbeddingsProvider;
  /** The model name; for llamacpp the GGUF file; for transformers a Hugging Face model to download. */
  model: string | undefined;
  /** transformers only: a model folder on this machine (offline: nothing is downloaded). */
  modelPath?: string | undefined;
  /** transformers only: where downloaded models are kept (EMBEDDINGS_CACHE_DIR, else DOCENT_STATE_DIR/models). */
  cacheDir?: string | undefined;
  /** The server (Ollama, OpenAI-compatible) or, for transformers, the Hugging Face Hub mirror to download from. */
  baseUrl: string | undefined;
  apiKey: string | undefined;
  batchSize: number;
  concurrency: number;
  maxRetries: number;
  timeoutMs: number;
}

/**
 * The EMBEDDINGS_* variables (their rules are checked before, in setting-rules.ts); paths are resolved against the
 * working directory.
 */
export function readEmbeddingsSettings(env: Environment, cwd: string): Readonly<EmbeddingsSettings> {
  return Object.freeze({
    provider: env.EMBEDDINGS_PROVIDER,
    model: env.EMBEDDINGS_MODEL,
    modelPath:
      env.EMBEDDINGS_MODEL_PATH === undefined ? undefined : path.resolve(cwd, env.EMBEDDINGS_MODEL_PATH),
    cacheDir: path.resolve(cwd, env.EMBEDDINGS_CACHE_DIR ?? path.join(env.DOCENT_STATE_DIR, "models")),
    baseUrl: env.EMBEDDINGS_BASE_URL,
    apiKey: env.EMBEDDINGS_API_KEY,
    batchSize: env.EMBEDDINGS_BATCH_SIZE,
    concurrency: env.EMBEDDINGS_CONCURRENCY,
    maxRetries: env.EMBEDDINGS_MAX_RETRIES,
    timeoutMs: env.EMBEDDINGS_TIMEOUT_MS,
  });
}
