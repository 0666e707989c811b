import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildPrompt } from "../../src/answer/build-prompt.js";
import type { LlmProvider } from "../../src/config/config.js";
import { type ModelProvider, resolveEngineProfile } from "../../src/engines/engine-profiles.js";
import { chooseTokenCounter } from "../../src/engines/token-counters.js";
import { llmSettings } from "../engines/llm-settings.js";
import { makeHit } from "./answer-fixtures.js";

const docs = fileURLToPath(new URL("../../data/docs", import.meta.url));
const passages = ["hr/leave-policy.md", "engineering/security-practices.md", "public/expenses-and-travel.md"]
  .map((source) => readFileSync(path.join(docs, source), "utf8"))
  .flatMap((text) => text.split(/\n(?=## )/));

/** Every engine profile docent ships, with the counter its engine uses. */
const engines: Array<{ provider: LlmProvider; model?: string; contextWindow?: number }> = [
  { provider: "ollama" },
  { provider: "ollama", model: "llama2:13b" },
  { provider: "ollama", model: "llama3" },
  { provider: "ollama", model: "mistral" },
  { provider: "openai-compatible", model: "meta-llama/Llama-2-7b-chat-hf" },
  { provider: "openai-compatible", model: "unknown-model" },
  { provider: "openai" },
  { provider: "openai", model: "gpt-4" },
  { provider: "anthropic" },
  { provider: "ollama", model: "llama2", contextWindow: 1024 },
];

describe("the prompt budget for every engine profile", () => {
  it("keeps the prompt plus the reserved answer inside the window, counted with the engine's own counter", async () => {
    // Many long passages and a long history, so that every window has to trim.
    const hits = passages.map((text, index) => makeHit(`docs/part-${index}.md`, text.repeat(8)));
    const history = Array.from({ length: 12 }, (_, index) => ({
      author: index % 2 === 0 ? ("user" as const) : ("assistant" as const),
      text: (passages[index % passages.length] ?? "").repeat(3),
    }));
    for (const engine of engines) {
      const settings = llmSettings({ ...engine, maxAnswerTokens: 512 });
      const profile = resolveEngineProfile(settings);
      const counter = await chooseTokenCounter(profile.provider as ModelProvider, profile.model);
      const built = buildPrompt({
        question: "How many weeks of parental leave?",
        history,
        hits,
        profile,
        counter,
      });
      const exact = built.messages.reduce((sum, message) => sum + counter.count(message.content), 0);
      const context = `${engine.provider} ${profile.model} (${counter.id}, window ${profile.contextWindow})`;
      expect(exact + built.messages.length * profile.tokensPerMessage, context).toBeLessThanOrEqual(
        built.promptTokens,
      );
      expect(built.promptTokens + profile.maxAnswerTokens, context).toBeLessThanOrEqual(
        profile.contextWindow,
      );
      expect(built.sources.length, context).toBeGreaterThan(0);
    }
  });
});
