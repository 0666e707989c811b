import type { Config } from "../../src/config/config.js";

/** LLM settings as loadConfig would produce them, with short deadlines for tests. */
export function llmSettings(overrides: Partial<Config["llm"]> = {}): Config["llm"] {
  return {
    provider: "openai-compatible",
    model: undefined,
    baseUrl: undefined,
    apiKey: undefined,
    modelPath: undefined,
    contextWindow: undefined,
    maxAnswerTokens: 200,
    temperature: 0.1,
    chatTuned: undefined,
    firstTokenTimeoutMs: 5_000,
    totalTimeoutMs: 10_000,
    maxRetries: 2,
    concurrency: undefined,
    queueLimit: 10,
    rewriteTimeoutMs: 4_000,
    ...overrides,
  };
}
