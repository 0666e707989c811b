import path from "node:path";
import type { Config } from "./config.js";
import { parseUrlMap } from "./config-sources.js";
import type { Environment } from "./environment-schema.js";
import { llmApiKey } from "./setting-rules.js";

/**
 * One reader per group of settings in Config, from the checked environment (setting-rules.ts has run): units
 * converted (MB to bytes, seconds to milliseconds), paths resolved against the working directory, each group frozen.
 */

const megabytes = (value: number) => Math.round(value * 1024 * 1024);

export function readDocumentSettings(
  env: Environment,
  cwd: string,
  docsDirChosen: boolean,
): Pick<Config, "docsDir" | "docsDirChosen" | "indexDir" | "chunking" | "maxFileBytes" | "ingestLimits"> {
  return {
    docsDir: path.resolve(cwd, env.DOCENT_DOCS_DIR),
    docsDirChosen,
    indexDir: path.resolve(cwd, env.DOCENT_INDEX_DIR),
    chunking: Object.freeze({ chunkSize: env.DOCENT_CHUNK_SIZE, chunkOverlap: env.DOCENT_CHUNK_OVERLAP }),
    maxFileBytes: megabytes(env.DOCENT_MAX_FILE_MB),
    ingestLimits: Object.freeze({
      maxTextBytes: megabytes(env.DOCENT_MAX_TEXT_MB),
      maxZipEntryBytes: megabytes(env.DOCENT_MAX_ZIP_ENTRY_MB),
      maxPdfPages: env.DOCENT_MAX_PDF_PAGES,
      loadTimeoutMs: Math.round(env.DOCENT_LOAD_TIMEOUT_S * 1000),
      loadMemoryBytes: env.DOCENT_LOAD_MEMORY_MB * 1024 * 1024,
    }),
  };
}

export function readLlmSettings(env: Environment, cwd: string): Config["llm"] {
  return Object.freeze({
    provider: env.LLM_PROVIDER,
    model: env.LLM_MODEL,
    baseUrl: env.LLM_BASE_URL,
    apiKey: llmApiKey(env),
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
  });
}

/** Throws CONFIG_INVALID naming DOCENT_SOURCE_URL_MAP when it is not a JSON object of path prefix -> URL. */
export function readAnswerSettings(env: Environment): Config["answers"] {
  return Object.freeze({
    topK: env.DOCENT_TOP_K,
    minRelevance: env.DOCENT_MIN_RELEVANCE,
    requireCitations: env.DOCENT_REQUIRE_CITATIONS,
    sourceBaseUrl: env.DOCENT_SOURCE_BASE_URL,
    sourceUrlMap: Object.freeze(parseUrlMap(env.DOCENT_SOURCE_URL_MAP)),
  });
}

export function readChatSettings(env: Environment, cwd: string): Config["chat"] {
  return Object.freeze({
    accessFile: path.resolve(cwd, env.DOCENT_ACCESS_FILE),
    stateDir: path.resolve(cwd, env.DOCENT_STATE_DIR),
    userQuestionsPerMinute: env.DOCENT_USER_QUESTIONS_PER_MINUTE,
    maxQuestionChars: env.DOCENT_MAX_QUESTION_CHARS,
  });
}

export function readStorageSettings(env: Environment): Config["storage"] {
  return Object.freeze({
    vectorStore: env.VECTOR_STORE,
    databaseUrl: env.DATABASE_URL,
    databaseSchema: env.DOCENT_DATABASE_SCHEMA,
  });
}

export function readOperationsSettings(env: Environment): Config["operations"] {
  return Object.freeze({
    port: env.DOCENT_OPS_PORT === "off" ? null : env.DOCENT_OPS_PORT,
    host: env.DOCENT_OPS_HOST,
    reingestSchedule: env.DOCENT_REINGEST_SCHEDULE,
  });
}

export function readLogSettings(
  env: Environment,
  cwd: string,
): Pick<Config, "logLevel" | "logContent" | "logFile"> {
  return {
    logLevel: env.LOG_LEVEL,
    logContent: env.DOCENT_LOG_CONTENT,
    logFile:
      env.DOCENT_LOG_FILE === "stderr"
        ? null
        : path.resolve(cwd, env.DOCENT_LOG_FILE ?? path.join(env.DOCENT_STATE_DIR, "docent.log")),
  };
}
