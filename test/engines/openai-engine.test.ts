import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config.js";
import type { ChatEngine } from "../../src/engines/chat-engine.js";
import { createChatEngine } from "../../src/engines/create-chat-engine.js";
import { findClosedPort } from "../embeddings/fake-embedding-server.js";
import { createRecordingLogger } from "../embeddings/recording-logger.js";
import { collectStream } from "./collect-stream.js";
import { defaultDeltas, type FakeChatServer, startFakeChatServer } from "./fake-chat-server.js";
import { llmSettings } from "./llm-settings.js";

const messages = [
  { role: "system", content: "Answer from the sources. Cite them as [n]." },
  { role: "user", content: "Sources:\n[1] The answer is 42.\n\nQuestion: What is the answer?" },
] as const;

describe("OpenAI-compatible engine through LangChain's ChatOpenAI", () => {
  let server: FakeChatServer;
  let logger: ReturnType<typeof createRecordingLogger>;
  beforeEach(async () => {
    server = await startFakeChatServer();
    logger = createRecordingLogger();
  });
  afterEach(() => server.close());

  async function engineFor(overrides: Partial<Config["llm"]> = {}): Promise<ChatEngine> {
    const settings = llmSettings({ baseUrl: `${server.url}/v1`, model: "test-model", ...overrides });
    const engine = await createChatEngine(settings, logger);
    if (engine === null) throw new Error("expected an engine");
    return engine;
  }

  it("streams the deltas in order and sends model, messages, stream, max_tokens and temperature", async () => {
    const engine = await engineFor();
    const { deltas, error } = await collectStream(engine.stream(messages));
    expect(error).toBeUndefined();
    expect(deltas).toEqual(defaultDeltas);
    expect(deltas.join("")).toBe("The answer is 42 [1].");
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe("Bearer no-key-needed");
    expect(request?.body).toMatchObject({
      model: "test-model",
      messages: [
        { role: "system", content: messages[0].content },
        { role: "user", content: messages[1].content },
      ],
      stream: true,
      max_tokens: 200,
      temperature: 0.1,
    });
    expect(engine.id).toBe("openai-compatible:test-model");
  });

  it("sends a base model one completion prompt ending in Answer:", async () => {
    const engine = await engineFor({ model: "Llama-2-7b-text" });
    await collectStream(engine.stream(messages));
    expect(server.requests[0]?.body.messages).toEqual([
      { role: "user", content: `${messages[0].content}\n\n${messages[1].content}\n\nAnswer:` },
    ]);
  });

  it("times out with ENGINE_TIMEOUT when no first token arrives, and closes the request", async () => {
    server.script({ kind: "silent" });
    const engine = await engineFor({ firstTokenTimeoutMs: 300, maxRetries: 2 });
    const { deltas, error } = await collectStream(engine.stream(messages));
    expect(deltas).toEqual([]);
    expect(error?.code).toBe("ENGINE_TIMEOUT");
    expect(error?.message).toBe("openai-compatible:test-model sent no text within 300 ms");
    expect(server.requests).toHaveLength(1);
    expect(await server.requests[0]?.closedEarly).toBe(true);
  });

  it("times out with ENGINE_TIMEOUT when the stream stalls after some text, keeping that text once", async () => {
    server.script({ kind: "stall", deltas: ["The ", "answer "] });
    const engine = await engineFor({ firstTokenTimeoutMs: 5_000, totalTimeoutMs: 600 });
    const { deltas, error } = await collectStream(engine.stream(messages));
    expect(deltas).toEqual(["The ", "answer "]);
    expect(error?.code).toBe("ENGINE_TIMEOUT");
    expect(error?.message).toBe("openai-compatible:test-model did not finish its answer within 600 ms");
    expect(server.requests).toHaveLength(1);
    expect(await server.requests[0]?.closedEarly).toBe(true);
  });

  it("waits as Retry-After says after a 429, then succeeds", async () => {
    server.script({ kind: "status", status: 429, headers: { "retry-after": "1" } });
    const engine = await engineFor();
    const { deltas, error } = await collectStream(engine.stream(messages));
    expect(error).toBeUndefined();
    expect(deltas.join("")).toBe("The answer is 42 [1].");
    expect(server.requests).toHaveLength(2);
    const retry = logger.entries.find((entry) => entry.message?.includes("trying again"));
    expect(retry?.fields).toMatchObject({ status: 429, delayMs: 1000, attempt: 1 });
  });

  it("tries again after a 500, then succeeds", async () => {
    server.script({ kind: "status", status: 500 });
    const engine = await engineFor();
    const { deltas, error } = await collectStream(engine.stream(messages));
    expect(error).toBeUndefined();
    expect(deltas).toEqual(defaultDeltas);
    expect(server.requests).toHaveLength(2);
  });

  it("does not retry a 400", async () => {
    server.script({ kind: "status", status: 400 });
    const engine = await engineFor();
    const { error } = await collectStream(engine.stream(messages));
    expect(error?.code).toBe("ENGINE_UNAVAILABLE");
    expect(error?.status).toBe(400);
    expect(error?.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects with RATE_LIMITED when 429s outlast the retries", async () => {
    server.script({ kind: "status", status: 429, headers: { "retry-after": "0" } });
    server.script({ kind: "status", status: 429, headers: { "retry-after": "0" } });
    const engine = await engineFor({ maxRetries: 1 });
    const { error } = await collectStream(engine.stream(messages));
    expect(error?.code).toBe("RATE_LIMITED");
    expect(error?.status).toBe(429);
    expect(server.requests).toHaveLength(2);
  });

  it("rejects a chunk that is not JSON with ENGINE_BAD_REPLY, without retrying", async () => {
    server.script({ kind: "malformed" });
    const engine = await engineFor();
    const { error } = await collectStream(engine.stream(messages));
    expect(error?.code).toBe("ENGINE_BAD_REPLY");
    expect(server.requests).toHaveLength(1);
  });

  it("rejects with ENGINE_UNAVAILABLE when the connection drops mid-answer, never repeating text", async () => {
    server.script({ kind: "drop", deltas: ["The ", "answer "] });
    const engine = await engineFor();
    const { deltas, error } = await collectStream(engine.stream(messages));
    expect(deltas).toEqual(["The ", "answer "]);
    expect(error?.code).toBe("ENGINE_UNAVAILABLE");
    expect(error?.message).toMatch(/^openai-compatible:test-model failed in the middle of its answer/);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a refused connection, then rejects with ENGINE_UNAVAILABLE", async () => {
    const port = await findClosedPort();
    const engine = await engineFor({ baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 1 });
    const { error } = await collectStream(engine.stream(messages));
    expect(error?.code).toBe("ENGINE_UNAVAILABLE");
    expect(error?.message).toBe(
      "openai-compatible:test-model could not answer (connection refused (ECONNREFUSED))",
    );
    const warnings = logger.entries.filter((entry) => entry.level === "warn");
    expect(warnings.map((entry) => entry.fields.attempt)).toEqual([1, 2, undefined]);
    expect(warnings[2]?.message).toBe("engine unavailable: failing fast for a pause");
    // The next question fails at once, without a request, until the pause is over.
    const paused = await collectStream(engine.stream(messages));
    expect(paused.error?.code).toBe("ENGINE_UNAVAILABLE");
    expect(logger.entries.filter((entry) => entry.level === "warn")).toHaveLength(3);
  });

  it("cancels mid-stream through the AbortSignal: CANCELLED, and the server sees the connection closed", async () => {
    server.script({ kind: "stall", deltas: ["The "] });
    const engine = await engineFor();
    const controller = new AbortController();
    const deltas: string[] = [];
    const reading = (async () => {
      for await (const delta of engine.stream(messages, { signal: controller.signal })) {
        deltas.push(delta);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ code: "CANCELLED" });
    expect(deltas).toEqual(["The "]);
    expect(await server.requests[0]?.closedEarly).toBe(true);
  });

  it("closes the request when the reader stops early", async () => {
    server.script({ kind: "stall", deltas: ["The "] });
    const engine = await engineFor();
    for await (const delta of engine.stream(messages)) {
      expect(delta).toBe("The ");
      break;
    }
    expect(await server.requests[0]?.closedEarly).toBe(true);
    expect(engine.queueLength()).toBe(0);
  });

  it("uses OpenAI's defaults and tokenizer for provider openai", async () => {
    const engine = await engineFor({ provider: "openai", model: undefined, apiKey: "sk-test" });
    expect(engine.id).toBe("openai:gpt-4o-mini");
    expect(engine.tokenCounter.id).toBe("tiktoken:o200k_base");
    expect(engine.profile.contextWindow).toBe(128_000);
    await collectStream(engine.stream(messages));
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-test");
    expect(server.requests[0]?.body.model).toBe("gpt-4o-mini");
  });
});
