import type { Config } from "../config/config.js";
import type { Logger } from "../logging/logger.js";
import { assembleChatEngine } from "./assemble-chat-engine.js";
import type { ChatEngine } from "./chat-engine.js";
import { describeProfileWarnings, resolveEngineProfile } from "./engine-profiles.js";
import { createChatModelForAttempt, type HostedProvider } from "./langchain-chat-models.js";
import { streamChatModel } from "./langchain-engine.js";
import { loadLlamaCppEngine } from "./llamacpp-engine.js";
import { explainMissingModel } from "./missing-model.js";
import { describeModelServer } from "./model-server.js";
import { probeModelServer } from "./probe-model-server.js";
import { chooseTokenCounter } from "./token-counters.js";

type LlmSettings = Config["llm"];

/** A local model serves one question at a time; hosted APIs take a few at once. */
const defaultConcurrency: Record<HostedProvider | "llamacpp", number> = {
  llamacpp: 1,
  ollama: 1,
  "openai-compatible": 1,
  openai: 4,
  anthropic: 4,
};

/**
 * The language model engine for the settings, or null for "extractive" (answers are quoted passages, no model).
 * Each engine streams through one queue and one place for timeouts, retries and cancellation.
 */
export async function createChatEngine(settings: LlmSettings, logger: Logger): Promise<ChatEngine | null> {
  const provider = settings.provider;
  if (provider === "extractive") return null;
  const engineLogger = logger.child({ component: "engine" });
  const limits = {
    firstTokenTimeoutMs: settings.firstTokenTimeoutMs,
    totalTimeoutMs: settings.totalTimeoutMs,
    maxRetries: settings.maxRetries,
    concurrency: settings.concurrency ?? defaultConcurrency[provider],
    queueLimit: settings.queueLimit,
  };
  if (provider === "llamacpp") {
    const parts = await loadLlamaCppEngine(settings, engineLogger);
    const engine = assembleChatEngine({ ...parts, limits }, engineLogger);
    reportReady(engine, engineLogger);
    return engine;
  }
  const profile = resolveEngineProfile(settings);
  const modelForAttempt = await createChatModelForAttempt(settings, provider, profile);
  const server = describeModelServer(settings, provider, profile.model);
  const engine = assembleChatEngine(
    {
      id: `${provider}:${profile.model}`,
      profile,
      tokenCounter: await chooseTokenCounter(provider, profile.model),
      warnings: describeProfileWarnings(settings, profile),
      limits,
      generate: (messages, signal) =>
        explainMissingModel(streamChatModel(modelForAttempt, messages, profile.chatTuned, signal), server),
      checkReachable: probeModelServer(server),
    },
    engineLogger,
  );
  reportReady(engine, engineLogger);
  return engine;
}

function reportReady(engine: ChatEngine, logger: Logger): void {
  const { contextWindow, chatTuned, maxAnswerTokens } = engine.profile;
  const fields = {
    engine: engine.id,
    contextWindow,
    chatTuned,
    maxAnswerTokens,
    tokenizer: engine.tokenCounter.id,
  };
  logger.info(fields, "Language model engine ready");
  for (const warning of engine.warnings()) logger.warn({ engine: engine.id }, warning);
}
