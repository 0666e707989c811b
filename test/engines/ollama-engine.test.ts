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
  { role: "system", content: "Answer from the sources." },
  { role: "user", content: "Question: What is the answer?" },
] as const;

describe("Ollama engine through LangChain's ChatOllama", () => {
  let server: FakeChatServer;
  let logger: ReturnType<typeof createRecordingLogger>;
  beforeEach(async () => {
    server = await startFakeChatServer();
    logger = createRecordingLogger();
  });
  afterEach(() => server.close());

  async function engineFor(overrides: Partial<Config["llm"]> = {}): Promise<ChatEngine> {
    const settings = llmSettings({ provider: "ollama", baseUrl: server.url, ...overrides });
    const engine = await createChatEngine(settings, logger);
    if (engine === null) throw new Error("expected an engine");
    return engine;
  }

  it("streams NDJSON deltas in order and sends model, messages, stream and options", async () => {
    const engine = await engineFor();
    const { deltas, error } = await collectStream(engine.stream(messages));
    expect(error).toBeUndefined();
    expect(deltas).toEqual(defaultDeltas);
    expect(engine.id).toBe("ollama:llama2");
    expect(engine.tokenCounter.id).toBe("llama");
    expect(engine.warnings()).toEqual([]);
    const [request] = server.requests;
    expect(request?.path).toBe("/api/chat");
    expect(request?.body).toMatchObject({
      model: "llama2",
      messages: [
        { role: "system", content: messages[0].content },
        { role: "user", content: messages[1].content },
      ],
      stream: true,
      options: { num_predict: 200, temperature: 0.1, num_ctx: 4096 },
    });
  });

  it("times out with ENGINE_TIMEOUT before the first token and closes the request", async () => {
    server.script({ kind: "silent" });
    const engine = await engineFor({ firstTokenTimeoutMs: 300 });
    const { error } = await collectStream(engine.stream(messages));
    expect(error?.code).toBe("ENGINE_TIMEOUT");
    expect(server.requests).toHaveLength(1);
    expect(await server.requests[0]?.closedEarly).toBe(true);
  });

  it("times out with ENGINE_TIMEOUT on a stall mid-stream and closes the request", async () => {
    server.script({ kind: "stall", deltas: ["The "] });
    const engine = await engineFor({ totalTimeoutMs: 500 });
    const { deltas, error } = await collectStream(engine.stream(messages));
    expect(deltas).toEqual(["The "]);
    expect(error?.code).toBe("ENGINE_TIMEOUT");
    expect(await server.requests[0]?.closedEarly).toBe(true);
  });

  it("waits as Retry-After says after a 429, then succeeds", async () => {
    server.script({ kind: "status", status: 429, headers: { "retry-after": "1" } });
    const engine = await engineFor();
    const { deltas } = await collectStream(engine.stream(messages));
    expect(deltas).toEqual(defaultDeltas);
    expect(server.requests).toHaveLength(2);
    const retry = logger.entries.find((entry) => entry.message?.includes("trying again"));
    expect(retry?.fields).toMatchObject({ status: 429, attempt: 1 });
  });

  it("tries again after a 500 and does not retry a 400", async () => {
    server.script({ kind: "status", status: 500 });
    const engine = await engineFor();
    expect((await collectStream(engine.stream(messages))).deltas).toEqual(defaultDeltas);
    expect(server.requests).toHaveLength(2);
    server.script({ kind: "status", status: 400 });
    const { error } = await collectStream(engine.stream(messages));
    expect(error?.code).toBe("ENGINE_UNAVAILABLE");
    expect(error?.status).toBe(400);
    expect(server.requests).toHaveLength(3);
  });

  it("rejects a reply with no usable line as ENGINE_BAD_REPLY", async () => {
    server.script({ kind: "malformed" });
    const engine = await engineFor();
    const { deltas, error } = await collectStream(engine.stream(messages));
    expect(deltas).toEqual([]);
    expect(error?.code).toBe("ENGINE_BAD_REPLY");
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a refused connection with ENGINE_UNAVAILABLE after the retries", async () => {
    const port = await findClosedPort();
    const engine = await engineFor({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 });
    const { error } = await collectStream(engine.stream(messages));
    expect(error?.code).toBe("ENGINE_UNAVAILABLE");
    expect(error?.message).toBe("ollama:llama2 could not answer (connection refused (ECONNREFUSED))");
  });

  it("cancels mid-stream: CANCELLED, and the server sees the connection closed", async () => {
    server.script({ kind: "stall", deltas: ["The "] });
    const engine = await engineFor();
    const controller = new AbortController();
    const reading = (async () => {
      for await (const _delta of engine.stream(messages, { signal: controller.signal })) controller.abort();
    })();
    await expect(reading).rejects.toMatchObject({ code: "CANCELLED" });
    expect(await server.requests[0]?.closedEarly).toBe(true);
  });

  it("warns about a base model and sends it a completion prompt", async () => {
    const engine = await engineFor({ model: "llama2:text" });
    expect(engine.profile.chatTuned).toBe(false);
    expect(engine.warnings()).toEqual([
      "LLM_MODEL=llama2:text looks like a base model: it continues text instead of following instructions; use a chat/instruct model such as llama2 (chat) or set LLM_CHAT_TUNED=true if you are sure",
    ]);
    await collectStream(engine.stream(messages));
    expect(server.requests[0]?.body.messages).toEqual([
      { role: "user", content: "Answer from the sources.\n\nQuestion: What is the answer?\n\nAnswer:" },
    ]);
  });
});
