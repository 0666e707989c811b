import { z } from "zod";
import { DocentError } from "../errors.js";

/**
 * Every environment variable docent reads, with its type and default (documented in README.md). Each check's
 * message says what is allowed, as the end of "it must be ..." (describe-config-problem.ts adds the variable and
 * the value given). Empty values never reach this schema: they count as unset.
 */
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: listChoices(values) });

const booleanSetting = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "true or false" })
  .transform((value) => ["true", "1", "yes", "on"].includes(value));

/**
 * Numbers are written as plain decimals ("64", "0.5"). Number() alone would also take "0x10", "1e-9", "0b11" or
 * "Infinity", and a limit written "1e-9" became a "0 MB limit"; so the text is checked first, for every number.
 */
const decimal = (allowed: string, pattern: RegExp) =>
  z
    .string({ error: allowed })
    .trim()
    .regex(pattern, { error: allowed })
    .transform(Number)
    .pipe(z.number({ error: allowed }).refine(Number.isFinite, { error: allowed }));

const integerSetting = (min: number, max: number) => {
  const allowed = `a whole number from ${min} to ${max}`;
  return decimal(allowed, /^\d+$/).pipe(z.number().min(min, { error: allowed }).max(max, { error: allowed }));
};

const numberSetting = (min: number, max: number, allowed = `a number from ${min} to ${max}`) =>
  decimal(allowed, /^(\d+(\.\d*)?|\.\d+)$/).pipe(
    z.number().min(min, { error: allowed }).max(max, { error: allowed }),
  );

/** A size limit in MB: below 0.001 (about 1 KB) no document passes, so such a value is a mistake. */
const megabytesSetting = numberSetting(
  0.001,
  10_000,
  "a number of megabytes from 0.001 (about 1 KB) to 10000",
);

/** 0 turns the feature off; otherwise a deadline in milliseconds within the bounds. */
const offOrMilliseconds = (min: number, max: number, off: string) => {
  const allowed = `0 (${off}) or a whole number of milliseconds from ${min} to ${max}`;
  return z.coerce
    .number({ error: allowed })
    .int({ error: allowed })
    .refine((value) => value === 0 || (value >= min && value <= max), { error: allowed });
};

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

/** A server's address: http:// or https:// (a bare host:port would parse as a URL with the scheme "host:"). */
const serverUrl = optionalText.pipe(
  z
    .url({
      protocol: /^https?$/,
      error: "a URL that starts with http:// or https://, for example http://127.0.0.1:11434",
    })
    .optional(),
);

function listChoices(values: readonly string[]): string {
  return values.length === 1 ? String(values[0]) : `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
}

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
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: serverUrl,
  SLACK_SLASH_COMMAND: z
    .string()
    .regex(/^\/[\w-]+$/, "a slash and a name, like /docent")
    .default("/docent"),
  SLACK_ANSWER_FOLLOW_UPS: booleanSetting.default(true),
  SLACK_IGNORE_BOTS: booleanSetting.default(true),
  PORT: integerSetting(0, 65_535).default(3000),
  SLACK_HTTP_HOST: z.string().min(1).default("0.0.0.0"),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_API_URL: serverUrl,
  DISCORD_GUILD_IDS: optionalText,
  DISCORD_REPLY_IN_THREAD: booleanSetting.default(false),
  DISCORD_IGNORE_BOTS: booleanSetting.default(true),
  DISCORD_ADMINS_BY_MANAGE_SERVER: booleanSetting.default(true),
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

/** Missing or contradictory settings (chat platforms, storage) fail at start, naming the variable. */
export function checkRelatedSettings(env: Environment): void {
  const fail = (message: string) => {
    throw new DocentError("CONFIG_INVALID", `Invalid configuration. ${message}`);
  };
  const slackParts = env.SLACK_APP_TOKEN ?? env.SLACK_SIGNING_SECRET;
  if (env.SLACK_BOT_TOKEN === undefined && slackParts !== undefined) {
    fail("Set SLACK_BOT_TOKEN (xoxb-...): SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set without it");
  }
  if (env.SLACK_BOT_TOKEN !== undefined && slackParts === undefined) {
    fail(
      "Set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP events) along with SLACK_BOT_TOKEN",
    );
  }
  if (env.SLACK_APP_TOKEN !== undefined && !env.SLACK_APP_TOKEN.startsWith("xapp-")) {
    fail("Fix SLACK_APP_TOKEN: an app-level token starts with xapp- (Basic Information > App-Level Tokens)");
  }
  if (env.SLACK_BOT_TOKEN !== undefined && !env.SLACK_BOT_TOKEN.startsWith("xoxb-")) {
    fail("Fix SLACK_BOT_TOKEN: a bot token starts with xoxb- (OAuth & Permissions > Bot User OAuth Token)");
  }
  if (env.VECTOR_STORE === "pgvector" && env.DATABASE_URL === undefined) {
    fail("Set DATABASE_URL (postgres://user:password@host:5432/database) when VECTOR_STORE=pgvector");
  }
  if (env.DISCORD_TOKEN !== undefined && env.DISCORD_APPLICATION_ID === undefined) {
    fail("Set DISCORD_APPLICATION_ID (Developer Portal > General Information) along with DISCORD_TOKEN");
  }
  if (env.DISCORD_TOKEN === undefined && env.DISCORD_APPLICATION_ID !== undefined) {
    fail("Set DISCORD_TOKEN (Developer Portal > Bot > Token): DISCORD_APPLICATION_ID is set without it");
  }
}
