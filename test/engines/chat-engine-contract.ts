import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config.js";
import type { ChatEngine } from "../../src/engines/chat-engine.js";
import { createChatEngine } from "../../src/engines/create-chat-engine.js";
import { silentLogger } from "../../src/logging/logger.js";
import { collectStream } from "./collect-stream.js";
import { llmSettings } from "./llm-settings.js";

/**
 * What every ChatEngine keeps (Ollama, OpenAI-compatible, OpenAI, Anthropic, llama.cpp in process), checked the
 * same way for each: it names itself and its model's budget, counts tokens, streams an answer, takes questions one
 * at a time when its concurrency is 1 (no slot is free while one runs; the next waits in the queue, hears its place
 * and is answered once the first is done or cancelled), cancels through the AbortSignal and keeps serving, and says it is reachable while it is.
 */
export interface EngineUnderTest {
  /** The LLM settings for this engine (server URL, model path...), before the contract's own overrides. */
  settings: Partial<Config["llm"]>;
  /** Makes the next answer stop after its first piece until the request is cancelled (servers); omitted in process. */
  stallNext?: () => void;
}

const messages = [
  { role: "system", content: "Answer from the sources." },
  { role: "user", content: "Where is the office?" },
] as const;

export function describeChatEngineContract(name: string, setUp: () => EngineUnderTest, skipReason?: string) {
  describe.skipIf(skipReason !== undefined)(`chat engine contract: ${name}`, () => {
    const opened: ChatEngine[] = [];
    afterEach(async () => {
      while (opened.length > 0) await opened.pop()?.close?.();
    });

    async function open(overrides: Partial<Config["llm"]> = {}) {
      const under = setUp();
      const engine = await createChatEngine(llmSettings({ ...under.settings, ...overrides }), silentLogger);
      if (engine === null) throw new Error("expected an engine");
      opened.push(engine);
      return { engine, under };
    }

    it("names itself and its model, budgets within the context window and counts tokens", async () => {
      const { engine } = await open();
      expect(engine.id).toMatch(/^[a-z-]+:.+/);
      expect(engine.id.startsWith(`${engine.profile.provider}:`)).toBe(true);
      expect(engine.profile.maxAnswerTokens).toBeGreaterThan(0);
      expect(engine.profile.contextWindow).toBeGreaterThan(engine.profile.maxAnswerTokens);
      const short = engine.tokenCounter.count("Where is the office?");
      expect(short).toBeGreaterThan(0);
      expect(engine.tokenCounter.count("Where is the office? ".repeat(20))).toBeGreaterThan(short * 10);
      expect(engine.queueLength()).toBe(0);
    });

    it("streams a non-empty answer in pieces and is reachable while it serves", async () => {
      const { engine } = await open();
      const { deltas, error } = await collectStream(engine.stream(messages));
      expect(error).toBeUndefined();
      expect(deltas.length).toBeGreaterThan(0);
      expect(deltas.every((delta) => typeof delta === "string")).toBe(true);
      expect(deltas.join("").length).toBeGreaterThan(0);
      expect((await engine.checkReachable?.())?.reachable ?? true).toBe(true);
    });

    it("cancels through the AbortSignal with CANCELLED, then answers the next question", async () => {
      const { engine, under } = await open({ maxAnswerTokens: 400 });
      under.stallNext?.();
      const controller = new AbortController();
      const reading = (async () => {
        for await (const _delta of engine.stream(messages, { signal: controller.signal })) controller.abort();
      })();
      await expect(reading).rejects.toMatchObject({ code: "CANCELLED" });
      const next = await collectStream(engine.stream(messages));
      expect(next.error).toBeUndefined();
      expect(next.deltas.length).toBeGreaterThan(0);
    });

    it("with concurrency 1, queues the next question, tells it its place, and answers it after a cancel", async () => {
      const { engine, under } = await open({ concurrency: 1, maxAnswerTokens: 400 });
      expect(engine.hasFreeSlot()).toBe(true);
      under.stallNext?.();
      const controller = new AbortController();
      let firstDelta: () => void = () => {};
      const started = new Promise<void>((resolve) => {
        firstDelta = resolve;
      });
      const first = (async () => {
        for await (const _delta of engine.stream(messages, { signal: controller.signal })) firstDelta();
      })().catch((error: unknown) => error);
      await started;
      expect(engine.hasFreeSlot()).toBe(false);
      const positions: number[] = [];
      const second = collectStream(engine.stream(messages, { onQueuePosition: (at) => positions.push(at) }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(engine.queueLength()).toBe(1);
      expect(positions).toContain(1);
      controller.abort();
      expect(await first).toMatchObject({ code: "CANCELLED" });
      const answered = await second;
      expect(answered.error).toBeUndefined();
      expect(answered.deltas.length).toBeGreaterThan(0);
      expect(engine.queueLength()).toBe(0);
      expect(engine.hasFreeSlot()).toBe(true);
    });
  });
}
