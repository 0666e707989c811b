import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEngine } from "../../src/engines/chat-engine.js";
import { createChatEngine } from "../../src/engines/create-chat-engine.js";
import { formatLlama2ChatPrompt } from "../../src/engines/prompt-formats.js";
import { createLlama2TokenCounter } from "../../src/engines/token-counters.js";
import { createRecordingLogger } from "../embeddings/recording-logger.js";
import { tinyGgufPath, tinyGgufSkipReason } from "../helpers/tiny-gguf.js";
import { collectStream } from "./collect-stream.js";
import { llmSettings } from "./llm-settings.js";

const modelPath = tinyGgufPath;
const skipReason = tinyGgufSkipReason;

const messages = [
  { role: "system", content: "Answer from the sources." },
  { role: "user", content: "Where is the office?" },
] as const;

// Random weights: the text is gibberish. These tests check the plumbing, never the answers.
describe.skipIf(skipReason !== "")(`llama.cpp engine in-process${skipReason}`, () => {
  let engine: ChatEngine;
  const logger = createRecordingLogger();
  const generations = () => logger.entries.filter((entry) => entry.message === "llama.cpp generation done");

  beforeAll(async () => {
    const settings = llmSettings({ provider: "llamacpp", modelPath, maxAnswerTokens: 16, chatTuned: true });
    const created = await createChatEngine(settings, logger);
    if (created === null) throw new Error("expected an engine");
    engine = created;
  });
  afterAll(() => engine?.close?.());

  it("loads the GGUF with its profile: Llama 2 window, GGUF tokenizer", () => {
    expect(engine.id).toBe("llamacpp:llama-2-tiny-random.gguf");
    expect(engine.profile).toMatchObject({ provider: "llamacpp", contextWindow: 4096, chatTuned: true });
    expect(engine.tokenCounter.id).toBe("gguf:llama-2-tiny-random.gguf");
    expect(engine.warnings()).toEqual([]);
  });

  it("counts tokens with the model's own tokenizer, exactly as llama-tokenizer-js counts Llama 2", async () => {
    expect(engine.tokenCounter.count("grabbed")).toBe(3);
    const llama = await createLlama2TokenCounter();
    const texts = [
      "Hello world",
      "The office is at Rua Augusta 10, Lisbon.",
      "ax\n####\nboo",
      "东京 🦙 café 2024",
    ];
    expect(texts.map((text) => engine.tokenCounter.count(text))).toEqual(
      texts.map((text) => llama.count(text)),
    );
  });

  it("streams tokens, stops at maxAnswerTokens and applies Llama 2 Chat's template (no template in the GGUF)", async () => {
    const { deltas, error } = await collectStream(engine.stream(messages));
    expect(error).toBeUndefined();
    expect(deltas.length).toBeGreaterThan(0);
    const done = generations().at(-1)?.fields;
    expect(done?.promptFormat).toBe("llama2-chat");
    expect(done?.answerTokens).toBe(16);
    // The prompt is the [INST] <<SYS>> text: BOS plus the tokens of the text after "<s>".
    const prompt = formatLlama2ChatPrompt(messages).replace(/^<s>/, "");
    expect(done?.promptTokens).toBe(engine.tokenCounter.count(prompt) + 1);
  });

  it("treats the template-less GGUF as a base model when nothing says otherwise, with a warning", async () => {
    const base = await createChatEngine(
      llmSettings({ provider: "llamacpp", modelPath, maxAnswerTokens: 16 }),
      logger,
    );
    try {
      expect(base?.profile.chatTuned).toBe(false);
      expect(base?.warnings()[0]).toMatch(/^LLM_MODEL_PATH=llama-2-tiny-random.gguf looks like a base model/);
      const { error } = await collectStream(base?.stream(messages) ?? (async function* () {})());
      expect(error).toBeUndefined();
      expect(generations().at(-1)?.fields.promptFormat).toBe("completion");
    } finally {
      await base?.close?.();
    }
  });

  it("refuses to stream once closed", async () => {
    const closing = await createChatEngine(llmSettings({ provider: "llamacpp", modelPath }), logger);
    await closing?.close?.();
    const { error } = await collectStream(closing?.stream(messages) ?? (async function* () {})());
    expect(error?.code).toBe("ENGINE_UNAVAILABLE");
  });
});

describe("llama.cpp engine settings", () => {
  it("names LLM_MODEL_PATH when the file is missing", async () => {
    const settings = llmSettings({ provider: "llamacpp", modelPath: "/nonexistent/model.gguf" });
    await expect(createChatEngine(settings, createRecordingLogger())).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringContaining("LLM_MODEL_PATH"),
    });
  });
});
