import path from "node:path";
import { DocentError } from "../errors.js";
import { readEnvFile, withoutEmpty } from "./config-sources.js";
import { describeConfigProblems } from "./describe-config-problem.js";
import { type EmbeddingsSettings, readEmbeddingsSettings } from "./embeddings-settings.js";
import { type Environment, environmentSchema } from "./environment-schema.js";
import {
  checkPlatformList,
  type PlatformSettings,
  platformVariableIssues,
  readPlatformSettings,
} from "./platform-settings.js";
import {
  readAnswerSettings,
  readChatSettings,
  readDocumentSettings,
  readLlmSettings,
  readLogSettings,
  readOperationsSettings,
  readStorageSettings,
} from "./setting-groups.js";
import { checkSettingRules } from "./setting-rules.js";
import { type SourcesFile, sourcesFileSetting } from "./sources-file.js";

/**
 * The only module that reads process.env. Settings come from the environment, then a .env file in the working
 * directory (the environment wins), then CLI flags given as overrides (flags win). The result is validated once,
 * frozen, and passed to whoever needs it. Errors name the variable to fix.
 * The rules live in three files of this folder: each variable's type, range and default in environment-schema.ts,
 * the rules between variables in setting-rules.ts, and how each group of settings is read in setting-groups.ts
 * (a chat platform brings its variables and rules in its own settings file).
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
  /**
   * The sources file (DOCENT_SOURCES_FILE): read() checks it and reads the variables its entries name, each time
   * it is called (each ingest reads it anew); null when there is no such file, and docsDir is the one source.
   */
  sourcesFile: { path: string; read(): SourcesFile | null };
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
  const { values, origins } = gatherValues(options, cwd);
  const platforms = options.platforms ?? [];
  const env = parseEnvironment(values, origins, platforms);
  checkSettingRules(env);
  const platformSettings = readPlatformSettings(platforms, values);
  const { docsDir, docsDirChosen, indexDir, chunking, maxFileBytes, ingestLimits } = readDocumentSettings(
    env,
    cwd,
    origins.DOCENT_DOCS_DIR !== undefined,
  );
  return Object.freeze({
    docsDir,
    docsDirChosen,
    sourcesFile: sourcesFileSetting(path.resolve(cwd, env.DOCENT_SOURCES_FILE), values),
    indexDir,
    embeddings: readEmbeddingsSettings(env, cwd),
    chunking,
    maxFileBytes,
    ingestLimits,
    llm: readLlmSettings(env, cwd),
    answers: readAnswerSettings(env),
    chat: readChatSettings(env, cwd),
    platforms: platformSettings,
    storage: readStorageSettings(env),
    operations: readOperationsSettings(env),
    ...readLogSettings(env, cwd),
  });
}

/**
 * Every value by variable name, and where each was set: the command's defaults, then the .env file, then the
 * environment, then the command-line flags, each later one winning. Empty values count as unset wherever they are
 * written, so that `.env.example` works as copied.
 */
function gatherValues(
  options: LoadConfigOptions,
  cwd: string,
): { values: Record<string, string | undefined>; origins: Record<string, string> } {
  const envFile = options.envFile === undefined ? path.join(cwd, ".env") : options.envFile;
  const sources: Array<[string, Record<string, string | undefined>]> = [
    ["the command's defaults", withoutEmpty(options.defaults ?? {})],
    [envFile ?? ".env", withoutEmpty(readEnvFile(envFile))],
    ["the environment", withoutEmpty(options.environment ?? process.env)],
    ["a command-line flag", withoutEmpty(options.overrides ?? {})],
  ];
  const values: Record<string, string | undefined> = {};
  const origins: Record<string, string> = {};
  for (const [origin, given] of sources) {
    for (const [name, value] of Object.entries(given)) {
      values[name] = value;
      origins[name] = origin;
    }
  }
  return { values, origins };
}

/** The core's variables and every listed platform's, checked together: all their problems in one message. */
function parseEnvironment(
  values: Record<string, string | undefined>,
  origins: Record<string, string>,
  platforms: readonly PlatformSettings[],
): Environment {
  checkPlatformList(platforms, Object.keys(environmentSchema.shape));
  const parsed = environmentSchema.safeParse(values);
  const issues = [...(parsed.error?.issues ?? []), ...platformVariableIssues(platforms, values)];
  if (!parsed.success || issues.length > 0) {
    throw new DocentError("CONFIG_INVALID", describeConfigProblems(issues, values, origins));
  }
  return parsed.data;
}
