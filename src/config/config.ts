import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";
import { DocentError } from "../errors.js";

/**
 * The only module that reads process.env. Settings come from the environment, then a .env file in the working
 * directory (the environment wins), then CLI flags given as overrides (flags win). The result is validated once,
 * frozen, and passed to whoever needs it. Errors name the variable to fix.
 */

const booleanSetting = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off", ""])
  .transform((value) => ["true", "1", "yes", "on"].includes(value));

const integerSetting = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const environmentSchema = z.object({
  DOCENT_DOCS_DIR: z.string().min(1).default("data/docs"),
  DOCENT_INDEX_DIR: z.string().min(1).default("data/index"),
  EMBEDDINGS_PROVIDER: z.enum(["local", "ollama", "openai", "llamacpp"]).default("local"),
  EMBEDDINGS_MODEL: optionalText,
  EMBEDDINGS_BASE_URL: optionalText.pipe(z.url().optional()),
  EMBEDDINGS_API_KEY: optionalText,
  EMBEDDINGS_BATCH_SIZE: integerSetting(1, 2048).default(64),
  EMBEDDINGS_CONCURRENCY: integerSetting(1, 64).default(2),
  EMBEDDINGS_MAX_RETRIES: integerSetting(0, 20).default(4),
  EMBEDDINGS_TIMEOUT_MS: integerSetting(100, 3_600_000).default(60_000),
  DOCENT_CHUNK_SIZE: integerSetting(100, 20_000).default(1000),
  DOCENT_CHUNK_OVERLAP: integerSetting(0, 5_000).default(150),
  DOCENT_MAX_FILE_MB: z.coerce.number().positive().max(10_000).default(50),
  LLM_PROVIDER: z
    .enum(["extractive", "ollama", "openai-compatible", "openai", "anthropic", "llamacpp", ""])
    .default("extractive")
    .transform((value) => (value === "" ? "extractive" : value)),
  LLM_MODEL: optionalText,
  LLM_BASE_URL: optionalText.pipe(z.url().optional()),
  LLM_API_KEY: optionalText,
  OPENAI_API_KEY: optionalText,
  ANTHROPIC_API_KEY: optionalText,
  LLM_MODEL_PATH: optionalText,
  LLM_CONTEXT_WINDOW: integerSetting(512, 2_000_000).optional(),
  LLM_MAX_ANSWER_TOKENS: integerSetting(16, 100_000).default(512),
  LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.1),
  LLM_CHAT_TUNED: z.enum(["auto", "true", "false"]).default("auto"),
  LLM_FIRST_TOKEN_TIMEOUT_MS: integerSetting(100, 3_600_000).default(60_000),
  LLM_TOTAL_TIMEOUT_MS: integerSetting(100, 3_600_000).default(180_000),
  LLM_MAX_RETRIES: integerSetting(0, 10).default(2),
  LLM_CONCURRENCY: integerSetting(1, 256).optional(),
  LLM_QUEUE_LIMIT: integerSetting(0, 100_000).default(100),
  DOCENT_TOP_K: integerSetting(1, 50).default(6),
  DOCENT_MIN_RELEVANCE: z.coerce.number().min(0).max(5).default(0.5),
  DOCENT_REQUIRE_CITATIONS: booleanSetting.default(true),
  DOCENT_SOURCE_BASE_URL: optionalText.pipe(z.url().optional()),
  DOCENT_SOURCE_URL_MAP: optionalText,
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  DOCENT_LOG_CONTENT: booleanSetting.default(false),
});

export type EmbeddingsProvider = z.infer<typeof environmentSchema>["EMBEDDINGS_PROVIDER"];
export type LlmProvider = "extractive" | "ollama" | "openai-compatible" | "openai" | "anthropic" | "llamacpp";

export interface Config {
  docsDir: string;
  indexDir: string;
  embeddings: {
    provider: EmbeddingsProvider;
    model: string | undefined;
    baseUrl: string | undefined;
    apiKey: string | undefined;
    batchSize: number;
    concurrency: number;
    maxRetries: number;
    timeoutMs: number;
  };
  chunking: { chunkSize: number; chunkOverlap: number };
  maxFileBytes: number;
  llm: {
    provider: LlmProvider;
    model: string | undefined;
    baseUrl: string | undefined;
    /** LLM_API_KEY, else OPENAI_API_KEY or ANTHROPIC_API_KEY for those providers. */
    apiKey: string | undefined;
    modelPath: string | undefined;
    /** Overrides the engine profile's context window when set. */
    contextWindow: number | undefined;
    maxAnswerTokens: number;
    temperature: number;
    /** Overrides the profile's guess of whether the model is chat/instruct-tuned. */
    chatTuned: boolean | undefined;
    firstTokenTimeoutMs: number;
    totalTimeoutMs: number;
    maxRetries: number;
    /** Questions the engine works on at once; undefined lets the engine profile decide. */
    concurrency: number | undefined;
    /** Questions allowed to wait for the engine; more are refused as rate limited. */
    queueLimit: number;
  };
  answers: {
    topK: number;
    /** The relevance gate: the share of the question (words weighted by rarity) the best passage must contain. */
    minRelevance: number;
    /** Replace answers that cite no source with the "not covered" reply plus the closest sources. */
    requireCitations: boolean;
    sourceBaseUrl: string | undefined;
    /** Source path prefix -> URL prefix, longest prefix wins (JSON object). */
    sourceUrlMap: Readonly<Record<string, string>>;
  };
  logLevel: string;
  logContent: boolean;
}

export type ConfigOverrides = Partial<Record<keyof z.infer<typeof environmentSchema>, string>>;

export interface LoadConfigOptions {
  /** Defaults to process.env. */
  environment?: Record<string, string | undefined>;
  /** A .env file to read; defaults to .env in the working directory. Pass null to read none. */
  envFile?: string | null;
  /** Defaults of the caller's own, below the .env file and the environment (a CLI command's quieter logging). */
  defaults?: ConfigOverrides;
  /** Values from CLI flags, by variable name; they win over everything else. */
  overrides?: ConfigOverrides;
  /** Base for relative paths; defaults to the working directory. */
  cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): Readonly<Config> {
  const cwd = options.cwd ?? process.cwd();
  const fromFile = readEnvFile(options.envFile === undefined ? path.join(cwd, ".env") : options.envFile);
  const merged = {
    ...options.defaults,
    ...fromFile,
    ...withoutEmpty(options.environment ?? process.env),
    ...options.overrides,
  };
  const parsed = environmentSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new DocentError("CONFIG_INVALID", `Invalid configuration. Fix ${problems.join("; ")}`);
  }
  const env = parsed.data;
  if (env.DOCENT_CHUNK_OVERLAP >= env.DOCENT_CHUNK_SIZE) {
    throw new DocentError(
      "CONFIG_INVALID",
      `Invalid configuration. Fix DOCENT_CHUNK_OVERLAP: it (${env.DOCENT_CHUNK_OVERLAP}) must be smaller than DOCENT_CHUNK_SIZE (${env.DOCENT_CHUNK_SIZE})`,
    );
  }
  if (env.LLM_PROVIDER === "llamacpp" && env.LLM_MODEL_PATH === undefined) {
    throw new DocentError(
      "CONFIG_INVALID",
      "Invalid configuration. Set LLM_MODEL_PATH to the path of a GGUF model file when LLM_PROVIDER=llamacpp",
    );
  }
  if (env.LLM_PROVIDER === "openai-compatible" && env.LLM_BASE_URL === undefined) {
    throw new DocentError(
      "CONFIG_INVALID",
      "Invalid configuration. Set LLM_BASE_URL (for example http://127.0.0.1:8000/v1) when LLM_PROVIDER=openai-compatible",
    );
  }
  const llmApiKey =
    env.LLM_API_KEY ??
    (env.LLM_PROVIDER === "openai" ? env.OPENAI_API_KEY : undefined) ??
    (env.LLM_PROVIDER === "anthropic" ? env.ANTHROPIC_API_KEY : undefined);
  if ((env.LLM_PROVIDER === "openai" || env.LLM_PROVIDER === "anthropic") && llmApiKey === undefined) {
    const fallback = env.LLM_PROVIDER === "openai" ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
    throw new DocentError(
      "CONFIG_INVALID",
      `Invalid configuration. Set LLM_API_KEY (or ${fallback}) when LLM_PROVIDER=${env.LLM_PROVIDER}`,
    );
  }
  if (env.EMBEDDINGS_PROVIDER === "llamacpp" && env.EMBEDDINGS_MODEL === undefined) {
    throw new DocentError(
      "CONFIG_INVALID",
      "Invalid configuration. Set EMBEDDINGS_MODEL to the path of a GGUF embedding model when EMBEDDINGS_PROVIDER=llamacpp",
    );
  }
  return Object.freeze({
    docsDir: path.resolve(cwd, env.DOCENT_DOCS_DIR),
    indexDir: path.resolve(cwd, env.DOCENT_INDEX_DIR),
    embeddings: Object.freeze({
      provider: env.EMBEDDINGS_PROVIDER,
      model: env.EMBEDDINGS_MODEL,
      baseUrl: env.EMBEDDINGS_BASE_URL,
      apiKey: env.EMBEDDINGS_API_KEY,
      batchSize: env.EMBEDDINGS_BATCH_SIZE,
      concurrency: env.EMBEDDINGS_CONCURRENCY,
      maxRetries: env.EMBEDDINGS_MAX_RETRIES,
      timeoutMs: env.EMBEDDINGS_TIMEOUT_MS,
    }),
    chunking: Object.freeze({ chunkSize: env.DOCENT_CHUNK_SIZE, chunkOverlap: env.DOCENT_CHUNK_OVERLAP }),
    maxFileBytes: Math.round(env.DOCENT_MAX_FILE_MB * 1024 * 1024),
    llm: Object.freeze({
      provider: env.LLM_PROVIDER,
      model: env.LLM_MODEL,
      baseUrl: env.LLM_BASE_URL,
      apiKey: llmApiKey,
      modelPath: env.LLM_MODEL_PATH === undefined ? undefined : path.resolve(cwd, env.LLM_MODEL_PATH),
      contextWindow: env.LLM_CONTEXT_WINDOW,
      maxAnswerTokens: env.LLM_MAX_ANSWER_TOKENS,
      temperature: env.LLM_TEMPERATURE,
      chatTuned: env.LLM_CHAT_TUNED === "auto" ? undefined : env.LLM_CHAT_TUNED === "true",
      firstTokenTimeoutMs: env.LLM_FIRST_TOKEN_TIMEOUT_MS,
      totalTimeoutMs: env.LLM_TOTAL_TIMEOUT_MS,
      maxRetries: env.LLM_MAX_RETRIES,
      concurrency: env.LLM_CONCURRENCY,
      queueLimit: env.LLM_QUEUE_LIMIT,
    }),
    answers: Object.freeze({
      topK: env.DOCENT_TOP_K,
      minRelevance: env.DOCENT_MIN_RELEVANCE,
      requireCitations: env.DOCENT_REQUIRE_CITATIONS,
      sourceBaseUrl: env.DOCENT_SOURCE_BASE_URL,
      sourceUrlMap: Object.freeze(parseUrlMap(env.DOCENT_SOURCE_URL_MAP)),
    }),
    logLevel: env.LOG_LEVEL,
    logContent: env.DOCENT_LOG_CONTENT,
  });
}

function parseUrlMap(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  const problem =
    "Invalid configuration. Fix DOCENT_SOURCE_URL_MAP: it must be a JSON object of path prefix -> URL";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DocentError("CONFIG_INVALID", problem, { cause: error });
  }
  const result = z.record(z.string(), z.url()).safeParse(parsed);
  if (!result.success) throw new DocentError("CONFIG_INVALID", problem);
  return result.data;
}

function readEnvFile(file: string | null): Record<string, string> {
  if (file === null || !existsSync(file)) return {};
  try {
    return parseEnv(readFileSync(file, "utf8")) as Record<string, string>;
  } catch (error) {
    throw new DocentError("CONFIG_INVALID", `Could not read the settings file ${file}`, { cause: error });
  }
}

/** An empty variable counts as unset, so `LLM_PROVIDER=` behaves like no LLM_PROVIDER at all. */
function withoutEmpty(environment: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    if (value !== undefined && value !== "") result[key] = value;
  }
  return result;
}
