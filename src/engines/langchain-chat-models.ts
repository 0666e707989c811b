import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Config } from "../config/config.js";
import type { EngineProfile } from "./chat-engine.js";

type LlmSettings = Config["llm"];
export type HostedProvider = "ollama" | "openai-compatible" | "openai" | "anthropic";

/** Returns the chat model for one attempt; the signal aborts that attempt's HTTP request. */
export type ChatModelForAttempt = (signal: AbortSignal) => BaseChatModel;

export const defaultOllamaBaseUrl = "http://127.0.0.1:11434";
/** Keyless OpenAI-compatible servers (vLLM, llama.cpp server, TGI, LM Studio) ignore the key; the SDK wants one. */
const placeholderApiKey = "no-key-needed";
/** Retries, deadlines and concurrency are kept by streamWithLimits and the queue, not by LangChain. */
const noLangChainRetries = {
  maxRetries: 0,
  maxConcurrency: Number.POSITIVE_INFINITY,
  onFailedAttempt: () => {},
};

/**
 * Builds the LangChain chat model for a hosted provider. Provider packages are imported only when configured.
 * OpenAI's and Anthropic's clients take the signal given to `.stream()`; Ollama's client does not pass it on
 * to fetch (it only checks it between chunks), so Ollama gets a model per attempt whose fetch carries it.
 */
export async function createChatModelForAttempt(
  settings: LlmSettings,
  provider: HostedProvider,
  profile: EngineProfile,
): Promise<ChatModelForAttempt> {
  const common = {
    ...noLangChainRetries,
    model: profile.model,
    temperature: settings.temperature,
    streaming: true,
  };
  switch (provider) {
    case "ollama": {
      const { ChatOllama } = await import("@langchain/ollama");
      const baseUrl = settings.baseUrl ?? defaultOllamaBaseUrl;
      return (signal) =>
        new ChatOllama({
          ...common,
          baseUrl,
          numPredict: profile.maxAnswerTokens,
          // Ollama's own default context is smaller than most models' window; ask for the one we budget for.
          numCtx: profile.contextWindow,
          fetch: (input, init) => fetch(input, { ...init, signal: mergeSignals(signal, init?.signal) }),
        });
    }
    case "openai":
    case "openai-compatible": {
      const { ChatOpenAI } = await import("@langchain/openai");
      const model = new ChatOpenAI({
        ...common,
        apiKey: settings.apiKey ?? placeholderApiKey,
        maxTokens: profile.maxAnswerTokens,
        timeout: settings.totalTimeoutMs,
        configuration: settings.baseUrl === undefined ? {} : { baseURL: settings.baseUrl },
      });
      return () => model;
    }
    case "anthropic": {
      const { ChatAnthropic } = await import("@langchain/anthropic");
      const model = new ChatAnthropic({
        ...common,
        apiKey: settings.apiKey ?? placeholderApiKey,
        maxTokens: profile.maxAnswerTokens,
        ...(settings.baseUrl === undefined ? {} : { anthropicApiUrl: settings.baseUrl }),
        clientOptions: { timeout: settings.totalTimeoutMs },
      });
      return () => model;
    }
  }
}

function mergeSignals(attempt: AbortSignal, own: AbortSignal | null | undefined): AbortSignal {
  return own ? AbortSignal.any([attempt, own]) : attempt;
}
