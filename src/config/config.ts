import path from "node:path";
import { DocentError } from "../errors.js";
import { parseUrlMap, readEnvFile, withoutEmpty } from "./config-sources.js";
import { describeConfigProblems } from "./describe-config-problem.js";
import { type EmbeddingsSettings, readEmbeddingsSettings } from "./embeddings-settings.js";
import { checkRelatedSettings, type Environment, environmentSchema } from "./environment-schema.js";
import {
  checkPlatformList,
  type PlatformSettings,
  platformVariableIssues,
  readPlatformSettings,
} from "./platform-settings.js";
import { parseReingestSchedule } from "./reingest-schedule.js";

/**
 * The only module that reads process.env. Settings come from the environment, then a .env file in the working
 * directory (the environment wins), then CLI flags given as overrides (flags win). The result is validated once,
 * frozen, and passed to whoever needs it. Errors name the variable to fix.
 */

export type { EmbeddingsProvider, EmbeddingsSettings } from "./embeddings-settings.js";
export type { PlatformSettings } from "./platform-settings.js";
export type LlmProvider = "extractive" | "ollama" | "openai-compatible" | "openai" | "anthropic" | "llamacpp";

export interface Config {
  docsDir: string;
  /**
   * Whether DOCENT_DOCS_DIR (or --docs) was set, anywhere. When it was not, an ingest updates the index from the
   * folder the index was built from (see ingest/ingest-pipeline.ts); when it was, that folder must be the index's.
   */
  docsDirChosen: boolean;
  indexDir: string;
  embeddings: EmbeddingsSettings;
  chunking: { chunkSize: number; chunkOverlap: number };
  maxFileBytes: number;
  /** Bounds on reading one document file (DOCENT_MAX_TEXT_MB and the variables after it). */
  ingestLimits: {
    maxTextBytes: number;
    maxZipEntryBytes: number;
    maxPdfPages: number;
    loadTimeoutMs: number;
    loadMemoryBytes: number;
  };
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
    /**
     * The longest the model may take to rewrite a follow-up as a standalone question for the search, its wait
     * for a free engine slot included; 0: no rewrite (follow-ups are read without the model).
     */
    rewriteTimeoutMs: number;
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
  chat: {
    /** YAML or JSON file mapping channels and roles to scopes, and naming admins; optional. */
    accessFile: string;
    /** Local state: feedback votes. */
    stateDir: string;
    /** Questions one user may ask per minute (0: no limit). */
    userQuestionsPerMinute: number;
    /** Longer chat questions are refused with a fixed sentence before any work is done on them. */
    maxQuestionChars: number;
  };
  /**
   * The settings of each configured chat platform, by its name, in the order the platforms are listed
   * (src/cli/chat-platforms.ts); a platform not configured (its token unset) has none.
   */
  platforms: Readonly<Record<string, unknown>>;
  storage: {
    /** Where chunks and vectors live: local files (hnswlib + BM25) or PostgreSQL (pgvector + a BM25 postings table). */
    vectorStore: "hnswlib" | "pgvector";
    /** PostgreSQL for the pgvector store and for state that replicas share (event de-duplication, feedback). */
    databaseUrl: string | undefined;
    /** The PostgreSQL schema docent's tables live in. */
    databaseSchema: string;
  };
  operations: {
    /** /healthz, /readyz and /metrics; null when DOCENT_OPS_PORT=off. */
    port: number | null;
    host: string;
    /** Re-ingest on a schedule: an interval ("30m", "6h") or a cron expression; undefined: only when asked. */
    reingestSchedule: string | undefined;
  };
  logLevel: string;
  logContent: boolean;
  /** Where logs go when a command runs in a terminal (default: docent.log in the state folder); null: the screen. */
  logFile: string | null;
}

export type ConfigOverrides = Partial<Record<keyof Environment, string>>;

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
  /** The chat platforms whose variables are read too (each platform's own); default: none. */
  platforms?: readonly PlatformSettings[];
}

export function loadConfig(options: LoadConfigOptions = {}): Readonly<Config> {
  const cwd = options.cwd ?? process.cwd();
  const envFile = options.envFile === undefined ? path.join(cwd, ".env") : options.envFile;
  // Empty values count as unset wherever they are written, so that `.env.example` works as copied.
  const sources: Array<[string, Record<string, string | undefined>]> = [
    ["the command's defaults", withoutEmpty(options.defaults ?? {})],
    [envFile ?? ".env", withoutEmpty(readEnvFile(envFile))],
    ["the environment", withoutEmpty(options.environment ?? process.env)],
    ["a command-line flag", withoutEmpty(options.overrides ?? {})],
  ];
  const merged: Record<string, string | undefined> = {};
  const origins: Record<string, string> = {};
  for (const [origin, values] of sources) {
    for (const [name, value] of Object.entries(values)) {
      merged[name] = value;
      origins[name] = origin;
    }
  }
  const platforms = options.platforms ?? [];
  checkPlatformList(platforms, Object.keys(environmentSchema.shape));
  const parsed = environmentSchema.safeParse(merged);
  const issues = [...(parsed.error?.issues ?? []), ...platformVariableIssues(platforms, merged)];
  if (!parsed.success || issues.length > 0) {
    throw new DocentError("CONFIG_INVALID", describeConfigProblems(issues, merged, origins));
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
  checkRelatedSettings(env);
  const platformSettings = readPlatformSettings(platforms, merged);
  // Throws CONFIG_INVALID naming DOCENT_REINGEST_SCHEDULE; the scheduler parses the same text again.
  if (env.DOCENT_REINGEST_SCHEDULE !== undefined) parseReingestSchedule(env.DOCENT_REINGEST_SCHEDULE);
  const embeddings = readEmbeddingsSettings(env, cwd);
  return Object.freeze({
    docsDir: path.resolve(cwd, env.DOCENT_DOCS_DIR),
    docsDirChosen: origins.DOCENT_DOCS_DIR !== undefined,
    indexDir: path.resolve(cwd, env.DOCENT_INDEX_DIR),
    embeddings,
    chunking: Object.freeze({ chunkSize: env.DOCENT_CHUNK_SIZE, chunkOverlap: env.DOCENT_CHUNK_OVERLAP }),
    maxFileBytes: Math.round(env.DOCENT_MAX_FILE_MB * 1024 * 1024),
    ingestLimits: Object.freeze({
      maxTextBytes: Math.round(env.DOCENT_MAX_TEXT_MB * 1024 * 1024),
      maxZipEntryBytes: Math.round(env.DOCENT_MAX_ZIP_ENTRY_MB * 1024 * 1024),
      maxPdfPages: env.DOCENT_MAX_PDF_PAGES,
      loadTimeoutMs: Math.round(env.DOCENT_LOAD_TIMEOUT_S * 1000),
      loadMemoryBytes: env.DOCENT_LOAD_MEMORY_MB * 1024 * 1024,
    }),
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
      rewriteTimeoutMs: env.LLM_REWRITE_TIMEOUT_MS,
    }),
    answers: Object.freeze({
      topK: env.DOCENT_TOP_K,
      minRelevance: env.DOCENT_MIN_RELEVANCE,
      requireCitations: env.DOCENT_REQUIRE_CITATIONS,
      sourceBaseUrl: env.DOCENT_SOURCE_BASE_URL,
      sourceUrlMap: Object.freeze(parseUrlMap(env.DOCENT_SOURCE_URL_MAP)),
    }),
    chat: Object.freeze({
      accessFile: path.resolve(cwd, env.DOCENT_ACCESS_FILE),
      stateDir: path.resolve(cwd, env.DOCENT_STATE_DIR),
      userQuestionsPerMinute: env.DOCENT_USER_QUESTIONS_PER_MINUTE,
      maxQuestionChars: env.DOCENT_MAX_QUESTION_CHARS,
    }),
    platforms: platformSettings,
    storage: Object.freeze({
      vectorStore: env.VECTOR_STORE,
      databaseUrl: env.DATABASE_URL,
      databaseSchema: env.DOCENT_DATABASE_SCHEMA,
    }),
    operations: Object.freeze({
      port: env.DOCENT_OPS_PORT === "off" ? null : env.DOCENT_OPS_PORT,
      host: env.DOCENT_OPS_HOST,
      reingestSchedule: env.DOCENT_REINGEST_SCHEDULE,
    }),
    logLevel: env.LOG_LEVEL,
    logContent: env.DOCENT_LOG_CONTENT,
    logFile:
      env.DOCENT_LOG_FILE === "stderr"
        ? null
        : path.resolve(cwd, env.DOCENT_LOG_FILE ?? path.join(env.DOCENT_STATE_DIR, "docent.log")),
  });
}
