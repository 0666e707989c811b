import { configProblem } from "./config-problem.js";
import type { Environment } from "./environment-schema.js";
import { parseReingestSchedule } from "./reingest-schedule.js";

/**
 * The rules between the core's variables, in one place: each says what to set or fix when settings that go
 * together do not. (A variable's own type and range are in environment-schema.ts; a chat platform's rules are in
 * its settings file, src/adapters/<platform>/<platform>-settings.ts, next to its variables.) The first broken rule,
 * in this order, is the one reported.
 */
export function checkSettingRules(env: Environment): void {
  for (const rule of settingRules) {
    const problem = rule(env);
    if (problem !== undefined) throw configProblem(problem);
  }
}

type SettingRule = (env: Environment) => string | undefined;

const chunkOverlapBelowSize: SettingRule = (env) =>
  env.DOCENT_CHUNK_OVERLAP >= env.DOCENT_CHUNK_SIZE
    ? `Fix DOCENT_CHUNK_OVERLAP: it (${env.DOCENT_CHUNK_OVERLAP}) must be smaller than DOCENT_CHUNK_SIZE (${env.DOCENT_CHUNK_SIZE})`
    : undefined;

const llamacppNeedsModelPath: SettingRule = (env) =>
  env.LLM_PROVIDER === "llamacpp" && env.LLM_MODEL_PATH === undefined
    ? "Set LLM_MODEL_PATH to the path of a GGUF model file when LLM_PROVIDER=llamacpp"
    : undefined;

const compatibleServerNeedsUrl: SettingRule = (env) =>
  env.LLM_PROVIDER === "openai-compatible" && env.LLM_BASE_URL === undefined
    ? "Set LLM_BASE_URL (for example http://127.0.0.1:8000/v1) when LLM_PROVIDER=openai-compatible"
    : undefined;

const hostedModelNeedsKey: SettingRule = (env) => {
  if (env.LLM_PROVIDER !== "openai" && env.LLM_PROVIDER !== "anthropic") return undefined;
  if (llmApiKey(env) !== undefined) return undefined;
  const fallback = env.LLM_PROVIDER === "openai" ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
  return `Set LLM_API_KEY (or ${fallback}) when LLM_PROVIDER=${env.LLM_PROVIDER}`;
};

const pgvectorNeedsDatabase: SettingRule = (env) =>
  env.VECTOR_STORE === "pgvector" && env.DATABASE_URL === undefined
    ? "Set DATABASE_URL (postgres://user:password@host:5432/database) when VECTOR_STORE=pgvector"
    : undefined;

/** Throws its own CONFIG_INVALID naming DOCENT_REINGEST_SCHEDULE; the scheduler parses the same text again. */
const scheduleParses: SettingRule = (env) => {
  if (env.DOCENT_REINGEST_SCHEDULE !== undefined) parseReingestSchedule(env.DOCENT_REINGEST_SCHEDULE);
  return undefined;
};

const llamacppEmbeddingsNeedModel: SettingRule = (env) =>
  env.EMBEDDINGS_PROVIDER === "llamacpp" && env.EMBEDDINGS_MODEL === undefined
    ? "Set EMBEDDINGS_MODEL to the path of a GGUF embedding model when EMBEDDINGS_PROVIDER=llamacpp"
    : undefined;

const modelFolderOnlyForTransformers: SettingRule = (env) =>
  env.EMBEDDINGS_MODEL_PATH !== undefined && env.EMBEDDINGS_PROVIDER !== "transformers"
    ? "Unset EMBEDDINGS_MODEL_PATH, or set EMBEDDINGS_PROVIDER=transformers: only transformers reads a model folder (llamacpp takes its GGUF file in EMBEDDINGS_MODEL)"
    : undefined;

const modelFolderOrModelName: SettingRule = (env) =>
  env.EMBEDDINGS_MODEL_PATH !== undefined && env.EMBEDDINGS_MODEL !== undefined
    ? "Set EMBEDDINGS_MODEL (a model to download) or EMBEDDINGS_MODEL_PATH (a model folder on this machine), not both"
    : undefined;

const settingRules: readonly SettingRule[] = [
  chunkOverlapBelowSize,
  llamacppNeedsModelPath,
  compatibleServerNeedsUrl,
  hostedModelNeedsKey,
  pgvectorNeedsDatabase,
  scheduleParses,
  llamacppEmbeddingsNeedModel,
  modelFolderOnlyForTransformers,
  modelFolderOrModelName,
];

/** LLM_API_KEY, else OPENAI_API_KEY or ANTHROPIC_API_KEY for those providers. */
export function llmApiKey(env: Environment): string | undefined {
  return (
    env.LLM_API_KEY ??
    (env.LLM_PROVIDER === "openai" ? env.OPENAI_API_KEY : undefined) ??
    (env.LLM_PROVIDER === "anthropic" ? env.ANTHROPIC_API_KEY : undefined)
  );
}
