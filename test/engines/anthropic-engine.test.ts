import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChatEngine } from "../../src/engines/create-chat-engine.js";
import { silentLogger } from "../../src/logging/logger.js";
import { collectStream } from "./collect-stream.js";
import { defaultDeltas, type FakeChatServer, startFakeChatServer } from "./fake-chat-server.js";
import { llmSettings } from "./llm-settings.js";

describe("Anthropic engine through LangChain's ChatAnthropic", () => {
  let server: FakeChatServer;
  beforeEach(async () => {
    server = await startFakeChatServer();
  });
  afterEach(() => server.close());

  const settings = () =>
    llmSettings({ provider: "anthropic", apiKey: "sk-ant-test", baseUrl: server.url, maxRetries: 1 });

  it("streams Messages API text deltas and sends the system prompt apart", async () => {
    const engine = await createChatEngine(settings(), silentLogger);
    if (engine === null) throw new Error("expected an engine");
    expect(engine.id).toBe("anthropic:claude-3-5-haiku-latest");
    expect(engine.profile.contextWindow).toBe(200_000);
    expect(engine.tokenCounter.id).toBe("estimate");
    const messages = [
      { role: "system", content: "Answer from the sources." },
      { role: "user", content: "What is the answer?" },
    ] as const;
    const { deltas, error } = await collectStream(engine.stream(messages));
    expect(error).toBeUndefined();
    expect(deltas).toEqual(defaultDeltas);
    const [request] = server.requests;
    expect(request?.path).toBe("/v1/messages");
    expect(request?.headers["x-api-key"]).toBe("sk-ant-test");
    expect(request?.body).toMatchObject({
      model: "claude-3-5-haiku-latest",
      system: "Answer from the sources.",
      messages: [{ role: "user", content: "What is the answer?" }],
      max_tokens: 200,
      temperature: 0.1,
      stream: true,
    });
  });

  it("retries a 529 (overloaded) once, then succeeds", async () => {
    server.script({ kind: "status", status: 529 });
    const engine = await createChatEngine(settings(), silentLogger);
    if (engine === null) throw new Error("expected an engine");
    const { deltas } = await collectStream(engine.stream([{ role: "user", content: "Hi" }]));
    expect(deltas).toEqual(defaultDeltas);
    expect(server.requests).toHaveLength(2);
  });
});
