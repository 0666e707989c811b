import { z } from "zod";
import { DocentError } from "../errors.js";
import {
  booleanSetting,
  choice,
  integerSetting,
  megabytesSetting,
  numberSetting,
  offOrMilliseconds,
  optionalText,
  serverUrl,
} from "./setting-types.js";

/**
 * Every environment variable docent reads, with its type and default (documented in README.md). Each check's
 * message says what is allowed, as the end of "it must be ..." (describe-config-problem.ts adds the variable and
 * the value given). Empty values never reach this schema: they count as unset.
 */
export const environmentSchema = z.object({
  DOCENT_DOCS_DIR: z.string().min(1).default("data/docs"),
  DOCENT_INDEX_DIR: z.string().min(1).default("data/index"),
  EMBEDDINGS_PROVIDER: choice(["local", "ollama", "openai", "llamacpp", "transformers"]).default("local"),
  EMBEDDINGS_MODEL: optionalText,
  EMBEDDINGS_MODEL_PATH: optionalText,
  EMBEDDINGS_CACHE_DIR: optionalText,
  EMBEDDINGS_BASE_URL: serverUrl,
  EMBEDDINGS_API_KEY: optionalText,
  EMBEDDINGS_BATCH_SIZE: integerSetting(1, 2048).default(64),
  EMBEDDINGS_CONCURRENCY: integerSetting(1, 64).default(2),
  EMBEDDINGS_MAX_RETRIES: integerSetting(0, 20).default(4),
  EMBEDDINGS_TIMEOUT_MS: integerSetting(100, 3_600_000).default(60_000),
  DOCENT_CHUNK_SIZE: integerSetting(100, 20_000).default(1000),
  DOCENT_CHUNK_OVERLAP: integerSetting(0, 5_000).default(150),
  DOCENT_MAX_FILE_MB: megabytesSetting.default(50),
  DOCENT_MAX_TEXT_MB: megabytesSetting.default(10),
  DOCENT_MAX_ZIP_ENTRY_MB: megabytesSetting.default(25),
  DOCENT_MAX_PDF_PAGES: integerSetting(1, 10_000_000).default(2_000),
  DOCENT_LOAD_TIMEOUT_S: numberSetting(1, 86_400, "a number of seconds from 1 to 86400").default(60),
  DOCENT_LOAD_MEMORY_MB: integerSetting(64, 1_000_000).default(512),
  LLM_PROVIDER: choice([
    "extractive",
    "ollama",
    "openai-compatible",
    "openai",
    "anthropic",
    "llamacpp",
  ]).default("extractive"),
  LLM_MODEL: optionalText,
  LLM_BASE_URL: serverUrl,
  LLM_API_KEY: optionalText,
  OPENAI_API_KEY: optionalText,
  ANTHROPIC_API_KEY: optionalText,
  LLM_MODEL_PATH: optionalText,
  LLM_CONTEXT_WINDOW: integerSetting(512, 2_000_000).optional(),
  LLM_MAX_ANSWER_TOKENS: integerSetting(16, 100_000).default(512),
  LLM_TEMPERATURE: numberSetting(0, 2).default(0.1),
  LLM_CHAT_TUNED: choice(["auto", "true", "false"]).default("auto"),
  LLM_FIRST_TOKEN_TIMEOUT_MS: integerSetting(100, 3_600_000).default(60_000),
  LLM_TOTAL_TIMEOUT_MS: integerSetting(100, 3_600_000).default(180_000),
  LLM_MAX_RETRIES: integerSetting(0, 10).default(2),
  LLM_CONCURRENCY: integerSetting(1, 256).optional(),
  LLM_QUEUE_LIMIT: integerSetting(0, 100_000).default(100),
  LLM_REWRITE_TIMEOUT_MS: offOrMilliseconds(100, 60_000, "no rewrite").default(4_000),
  DOCENT_TOP_K: integerSetting(1, 50).default(6),
  DOCENT_MIN_RELEVANCE: numberSetting(0, 5).default(0.36),
  DOCENT_REQUIRE_CITATIONS: booleanSetting.default(true),
  DOCENT_SOURCE_BASE_URL: serverUrl,
  DOCENT_SOURCE_URL_MAP: optionalText,
  DOCENT_ACCESS_FILE: z.string().min(1).default("config/access.yaml"),
  DOCENT_STATE_DIR: z.string().min(1).default("data/state"),
  DOCENT_USER_QUESTIONS_PER_MINUTE: integerSetting(0, 10_000).default(6),
  DOCENT_MAX_QUESTION_CHARS: integerSetting(10, 1_000_000).default(4000),
  VECTOR_STORE: choice(["hnswlib", "pgvector"]).default("hnswlib"),
  DATABASE_URL: optionalText.pipe(
    z
      .url({
        protocol: /^postgres(ql)?$/,
        error: "a postgres:// URL, like postgres://user:password@host:5432/db",
      })
      .optional(),
  ),
  DOCENT_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "a lower-case SQL name (letters, digits, _)")
    .default("docent"),
  DOCENT_REINGEST_SCHEDULE: optionalText,
  DOCENT_OPS_PORT: z
    .union([z.literal("off"), integerSetting(0, 65_535)], { error: "off or a port number from 0 to 65535" })
    .default(9464),
  DOCENT_OPS_HOST: z.string().min(1).default("0.0.0.0"),
  LOG_LEVEL: choice(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  DOCENT_LOG_CONTENT: booleanSetting.default(false),
  DOCENT_LOG_FILE: optionalText,
});

export type Environment = z.infer<typeof environmentSchema>;

/** Missing or contradictory settings (storage) fail at start, naming the variable; each chat platform checks its own. */
export function checkRelatedSettings(env: Environment): void {
  const fail = (message: string) => {
    throw new DocentError("CONFIG_INVALID", `Invalid configuration. ${message}`);
  };
  if (env.VECTOR_STORE === "pgvector" && env.DATABASE_URL === undefined) {
    fail("Set DATABASE_URL (postgres://user:password@host:5432/database) when VECTOR_STORE=pgvector");
  }
}
