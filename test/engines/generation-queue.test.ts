import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChatEngine } from "../../src/engines/create-chat-engine.js";
import { createGenerationQueue } from "../../src/engines/generation-queue.js";
import { silentLogger } from "../../src/logging/logger.js";
import { collectStream } from "./collect-stream.js";
import { defaultDeltas, type FakeChatServer, startFakeChatServer, waitUntil } from "./fake-chat-server.js";
import { llmSettings } from "./llm-settings.js";

describe("createGenerationQueue", () => {
  it("lets `concurrency` callers run and queues the rest first in, first out, telling each its place", async () => {
    const queue = createGenerationQueue(1, 10);
    const releaseFirst = await queue.acquire();
    const positions: Record<string, number[]> = { second: [], third: [] };
    const order: string[] = [];
    const second = queue.acquire({ onQueuePosition: (position) => positions.second?.push(position) });
    const third = queue.acquire({ onQueuePosition: (position) => positions.third?.push(position) });
    void second.then(() => order.push("second"));
    void third.then(() => order.push("third"));
    expect(queue.queueLength()).toBe(2);
    expect(positions).toEqual({ second: [1], third: [2] });
    releaseFirst();
    const releaseSecond = await second;
    expect(positions).toEqual({ second: [1], third: [2, 1] });
    expect(queue.running()).toBe(1);
    releaseSecond();
    releaseSecond(); // a second release is ignored
    (await third)();
    expect(order).toEqual(["second", "third"]);
    expect(queue.running()).toBe(0);
  });

  it("refuses a caller with RATE_LIMITED when queueLimit callers already wait", async () => {
    const queue = createGenerationQueue(1, 1);
    await queue.acquire();
    void queue.acquire();
    await expect(queue.acquire()).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(queue.queueLength()).toBe(1);
  });

  it("takes an aborted waiter out of the line and moves those behind it up", async () => {
    const queue = createGenerationQueue(1, 10);
    const release = await queue.acquire();
    const controller = new AbortController();
    const behind: number[] = [];
    const leaving = queue.acquire({ signal: controller.signal });
    const staying = queue.acquire({ onQueuePosition: (position) => behind.push(position) });
    controller.abort();
    await expect(leaving).rejects.toMatchObject({ code: "CANCELLED" });
    expect(queue.queueLength()).toBe(1);
    expect(behind).toEqual([2, 1]);
    release();
    await staying;
    expect(queue.running()).toBe(1);
  });
});

describe("the queue in front of an engine", () => {
  let server: FakeChatServer;
  beforeEach(async () => {
    server = await startFakeChatServer();
  });
  afterEach(() => server.close());

  it("with concurrency 1, a second question waits at position 1, then runs after the first", async () => {
    const engine = await createChatEngine(llmSettings({ baseUrl: `${server.url}/v1` }), silentLogger);
    if (engine === null) throw new Error("expected an engine");
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    server.script({ kind: "deltas", deltas: ["first"], gate }, { kind: "deltas", deltas: ["second"] });
    const question = [{ role: "user", content: "Q" }] as const;
    const positions: number[] = [];
    const first = collectStream(engine.stream(question));
    await waitUntil(() => server.requests.length === 1);
    const second = collectStream(engine.stream(question, { onQueuePosition: (p) => positions.push(p) }));
    expect(engine.queueLength()).toBe(1);
    expect(positions).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(1);
    openGate();
    expect((await first).deltas).toEqual(["first"]);
    expect((await second).deltas).toEqual(["second"]);
    expect(positions).toEqual([1]);
    expect(engine.queueLength()).toBe(0);
    expect((await collectStream(engine.stream(question))).deltas).toEqual(defaultDeltas);
  });

  it("refuses at once with RATE_LIMITED past queueLimit, and an aborted waiter leaves", async () => {
    const settings = llmSettings({ baseUrl: `${server.url}/v1`, queueLimit: 1 });
    const engine = await createChatEngine(settings, silentLogger);
    if (engine === null) throw new Error("expected an engine");
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    server.script({ kind: "deltas", deltas: ["first"], gate });
    const question = [{ role: "user", content: "Q" }] as const;
    const first = collectStream(engine.stream(question));
    await waitUntil(() => server.requests.length === 1);
    const controller = new AbortController();
    const waiting = collectStream(engine.stream(question, { signal: controller.signal }));
    expect(engine.queueLength()).toBe(1);
    const refused = await collectStream(engine.stream(question));
    expect(refused.error?.code).toBe("RATE_LIMITED");
    controller.abort();
    expect((await waiting).error?.code).toBe("CANCELLED");
    expect(engine.queueLength()).toBe(0);
    openGate();
    expect((await first).deltas).toEqual(["first"]);
    expect(server.requests).toHaveLength(1);
  });
});
