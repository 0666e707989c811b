import { describe, expect, it } from "vitest";
import { describeProfileWarnings, resolveEngineProfile } from "../../src/engines/engine-profiles.js";
import { formatCompletionPrompt, formatLlama2ChatPrompt } from "../../src/engines/prompt-formats.js";
import { llmSettings } from "./llm-settings.js";

const profileOf = (provider: "ollama" | "openai-compatible" | "openai" | "anthropic", model?: string) =>
  resolveEngineProfile(llmSettings({ provider, model }));

describe("resolveEngineProfile", () => {
  it("takes Ollama's llama2 tag as the chat model and llama2:text as a base model", () => {
    expect(profileOf("ollama")).toEqual({
      provider: "ollama",
      model: "llama2",
      contextWindow: 4096,
      maxAnswerTokens: 200,
      chatTuned: true,
      tokensPerMessage: 12,
    });
    for (const base of [
      "llama2:text",
      "llama2:13b-text-q4_0",
      "mistral:7b-text",
      "Llama-2-7b-hf",
      "qwen2.5:7b-base",
    ]) {
      expect([base, profileOf("ollama", base).chatTuned]).toEqual([base, false]);
    }
    for (const tuned of [
      "llama-2-7b-chat",
      "mistral:7b-instruct",
      "gemma-2-9b-it",
      "meta-llama/Llama-2-7b-chat-hf",
    ]) {
      expect([tuned, profileOf("openai-compatible", tuned).chatTuned]).toEqual([tuned, true]);
    }
  });

  it("knows the context windows of the common families, and 4,096 for anything else", () => {
    const windows = Object.fromEntries(
      [
        ["ollama", "llama2"],
        ["ollama", "llama3"],
        ["ollama", "mistral"],
        ["openai", "gpt-4o-mini"],
        ["openai", "gpt-4.1"],
        ["anthropic", "claude-3-5-haiku-latest"],
        ["openai-compatible", "some-new-model"],
      ].map(([provider, model]) => [model, profileOf(provider as "ollama", model).contextWindow]),
    );
    expect(windows).toEqual({
      llama2: 4096,
      llama3: 8192,
      mistral: 32_768,
      "gpt-4o-mini": 128_000,
      "gpt-4.1": 128_000,
      "claude-3-5-haiku-latest": 200_000,
      "some-new-model": 4096,
    });
  });

  it("lets LLM_CONTEXT_WINDOW and LLM_CHAT_TUNED override the guesses", () => {
    const settings = llmSettings({
      provider: "ollama",
      model: "llama2:text",
      contextWindow: 2048,
      chatTuned: true,
    });
    const profile = resolveEngineProfile(settings);
    expect(profile.contextWindow).toBe(2048);
    expect(profile.chatTuned).toBe(true);
    expect(describeProfileWarnings(settings, profile)).toEqual([]);
    const forcedBase = llmSettings({ provider: "ollama", model: "llama2", chatTuned: false });
    expect(resolveEngineProfile(forcedBase).chatTuned).toBe(false);
    expect(describeProfileWarnings(forcedBase, resolveEngineProfile(forcedBase))).toEqual([]);
  });

  it("treats a GGUF without a chat template as base, and with one as chat-tuned", () => {
    const settings = llmSettings({ provider: "llamacpp", modelPath: "/models/llama-2-7b.Q4_K_M.gguf" });
    const facts = { name: "LLaMA v2", hasChatTemplate: false, trainContextSize: 4096 };
    const base = resolveEngineProfile(settings, facts);
    expect(base).toMatchObject({ model: "llama-2-7b.Q4_K_M.gguf", chatTuned: false, contextWindow: 4096 });
    expect(describeProfileWarnings(settings, base)).toEqual([
      "LLM_MODEL_PATH=llama-2-7b.Q4_K_M.gguf looks like a base model (the GGUF has no chat template): it continues text instead of following instructions; use a chat/instruct GGUF such as llama-2-7b-chat or set LLM_CHAT_TUNED=true if you are sure",
    ]);
    const templated = resolveEngineProfile(settings, {
      ...facts,
      hasChatTemplate: true,
      trainContextSize: 131_072,
    });
    expect(templated).toMatchObject({ chatTuned: true, contextWindow: 8192 });
    const chatByName = llmSettings({
      provider: "llamacpp",
      modelPath: "/models/llama-2-7b-chat.Q4_K_M.gguf",
    });
    expect(resolveEngineProfile(chatByName, facts).chatTuned).toBe(true);
  });
});

describe("prompt formats", () => {
  const conversation = [
    { role: "system", content: "Answer from the sources." },
    { role: "user", content: "Where is the office?" },
    { role: "assistant", content: "In Lisbon [1]." },
    { role: "user", content: "Sources:\n[1] Lisbon, Rua Augusta 10.\n\nQuestion: Which street?" },
  ] as const;

  it("formats Llama 2 Chat's [INST] <<SYS>> template, one turn per user message", () => {
    expect(formatLlama2ChatPrompt(conversation)).toBe(
      "<s>[INST] <<SYS>>\nAnswer from the sources.\n<</SYS>>\n\nWhere is the office? [/INST] In Lisbon [1]. </s>" +
        "<s>[INST] Sources:\n[1] Lisbon, Rua Augusta 10.\n\nQuestion: Which street? [/INST]",
    );
  });

  it("formats a base model's prompt as text ending in Answer:, with no chat roles for the question", () => {
    expect(formatCompletionPrompt(conversation)).toBe(
      "Answer from the sources.\n\nUser: Where is the office?\n\nAssistant: In Lisbon [1].\n\n" +
        "Sources:\n[1] Lisbon, Rua Augusta 10.\n\nQuestion: Which street?\n\nAnswer:",
    );
  });
});
