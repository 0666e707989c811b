import type { Config } from "../../src/config/config.js";

/** Embedding settings as loadConfig would produce them, with test-sized batches and no retries. */
export function embeddingsSettings(overrides: Partial<Config["embeddings"]> = {}): Config["embeddings"] {
  return {
    provider: "local",
    model: undefined,
    baseUrl: undefined,
    apiKey: undefined,
    batchSize: 4,
    concurrency: 2,
    maxRetries: 0,
    timeoutMs: 30_000,
    ...overrides,
  };
}
