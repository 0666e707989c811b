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
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  DOCENT_LOG_CONTENT: booleanSetting.default(false),
});

export type EmbeddingsProvider = z.infer<typeof environmentSchema>["EMBEDDINGS_PROVIDER"];

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
  logLevel: string;
  logContent: boolean;
}

export type ConfigOverrides = Partial<Record<keyof z.infer<typeof environmentSchema>, string>>;

export interface LoadConfigOptions {
  /** Defaults to process.env. */
  environment?: Record<string, string | undefined>;
  /** A .env file to read; defaults to .env in the working directory. Pass null to read none. */
  envFile?: string | null;
  /** Values from CLI flags, by variable name; they win over everything else. */
  overrides?: ConfigOverrides;
  /** Base for relative paths; defaults to the working directory. */
  cwd?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): Readonly<Config> {
  const cwd = options.cwd ?? process.cwd();
  const fromFile = readEnvFile(options.envFile === undefined ? path.join(cwd, ".env") : options.envFile);
  const merged = { ...fromFile, ...withoutEmpty(options.environment ?? process.env), ...options.overrides };
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
    logLevel: env.LOG_LEVEL,
    logContent: env.DOCENT_LOG_CONTENT,
  });
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
