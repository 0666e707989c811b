import path from "node:path";
import { DocentError } from "../errors.js";
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

/** The EMBEDDINGS_* variables, checked together; paths are resolved against the working directory. */
export function readEmbeddingsSettings(env: Environment, cwd: string): Readonly<EmbeddingsSettings> {
  checkModelSettings(env);
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

function checkModelSettings(env: Environment): void {
  const fail = (message: string) => {
    throw new DocentError("CONFIG_INVALID", `Invalid configuration. ${message}`);
  };
  if (env.EMBEDDINGS_PROVIDER === "llamacpp" && env.EMBEDDINGS_MODEL === undefined) {
    fail("Set EMBEDDINGS_MODEL to the path of a GGUF embedding model when EMBEDDINGS_PROVIDER=llamacpp");
  }
  if (env.EMBEDDINGS_MODEL_PATH === undefined) return;
  if (env.EMBEDDINGS_PROVIDER !== "transformers") {
    fail(
      "Unset EMBEDDINGS_MODEL_PATH, or set EMBEDDINGS_PROVIDER=transformers: only transformers reads a model folder (llamacpp takes its GGUF file in EMBEDDINGS_MODEL)",
    );
  }
  if (env.EMBEDDINGS_MODEL !== undefined) {
    fail(
      "Set EMBEDDINGS_MODEL (a model to download) or EMBEDDINGS_MODEL_PATH (a model folder on this machine), not both",
    );
  }
}
