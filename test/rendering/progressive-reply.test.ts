import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createProgressiveReply, readRateLimit } from "../../src/rendering/progressive-reply.js";

interface RecordedCall {
  kind: "send" | "edit";
  text: string;
  at: number;
}

function createFakePlatform(failures: { edit?: unknown[]; send?: unknown[] } = {}) {
  const calls: RecordedCall[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const record = (kind: "send" | "edit", queue: unknown[] | undefined) => async (text: string) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 50));
    inFlight--;
    const failure = queue?.shift();
    if (failure !== undefined) throw failure;
    calls.push({ kind, text, at: Date.now() });
  };
  return {
    calls,
    maxInFlight: () => maxInFlight,
    send: record("send", failures.send),
    edit: record("edit", failures.edit),
  };
}

const upper = (text: string) => text.toUpperCase();

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("createProgressiveReply", () => {
  it("sends at the first delta, then edits at most once per interval, and finishes with the final text", async () => {
    const platform = createFakePlatform();
    const reply = createProgressiveReply({ minIntervalMs: 1000, maxLength: 100, render: upper, ...platform });
    reply.append("Hel");
    await vi.advanceTimersByTimeAsync(10);
    reply.append("lo");
    for (let index = 0; index < 20; index++) {
      reply.append(".");
      await vi.advanceTimersByTimeAsync(100);
    }
    const result = await (async () => {
      const finishing = reply.finish("Hello, world.");
      await vi.advanceTimersByTimeAsync(2000);
      return finishing;
    })();
    expect(result).toEqual({ overflow: "" });
    expect(platform.calls).toEqual([
      { kind: "send", text: "HEL", at: 50 },
      { kind: "edit", text: "HELLO..........", at: 1050 },
      { kind: "edit", text: "HELLO....................", at: 2050 },
      { kind: "edit", text: "HELLO, WORLD.", at: 3050 },
    ]);
    expect(platform.maxInFlight()).toBe(1);
  });

  it("sends a single message when finished before any delta", async () => {
    const platform = createFakePlatform();
    const reply = createProgressiveReply({ minIntervalMs: 1000, maxLength: 100, render: upper, ...platform });
    const finishing = reply.finish("All at once.");
    await vi.advanceTimersByTimeAsync(100);
    expect(await finishing).toEqual({ overflow: "" });
    expect(platform.calls).toEqual([{ kind: "send", text: "ALL AT ONCE.", at: 50 }]);
  });

  it("skips the final edit when the streamed text is already the final text", async () => {
    const platform = createFakePlatform();
    const reply = createProgressiveReply({ minIntervalMs: 1000, maxLength: 100, render: upper, ...platform });
    reply.append("Done.");
    await vi.advanceTimersByTimeAsync(100);
    const finishing = reply.finish("Done.");
    await vi.advanceTimersByTimeAsync(2000);
    await finishing;
    expect(platform.calls.map((call) => call.kind)).toEqual(["send"]);
  });

  it("backs off for the retry-after of a 429 on an edit and retries instead of failing", async () => {
    const rateLimited = Object.assign(new Error("rate limited"), { status: 429, retryAfterMs: 3000 });
    const platform = createFakePlatform({ edit: [rateLimited] });
    const limits: number[] = [];
    const reply = createProgressiveReply({
      minIntervalMs: 1000,
      maxLength: 100,
      render: upper,
      ...platform,
      onRateLimited: (limit) => limits.push(limit.retryAfterMs),
    });
    reply.append("a");
    await vi.advanceTimersByTimeAsync(100);
    reply.append("b");
    await vi.advanceTimersByTimeAsync(1100); // the edit at 1000 meets the 429 at 1050
    reply.append("c");
    await vi.advanceTimersByTimeAsync(2000); // still blocked until 4050
    expect(platform.calls.map((call) => call.text)).toEqual(["A"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(platform.calls).toEqual([
      { kind: "send", text: "A", at: 50 },
      { kind: "edit", text: "ABC", at: 4100 },
    ]);
    const finishing = reply.finish("abcd");
    await vi.advanceTimersByTimeAsync(2000);
    await finishing;
    expect(platform.calls.at(-1)).toEqual({ kind: "edit", text: "ABCD", at: 5100 });
    expect(limits).toEqual([3000]);
  });

  it("falls back to one final message when editing fails for another reason", async () => {
    const broken = new Error("message_not_found");
    const platform = createFakePlatform({ edit: [broken, broken] });
    const failures: unknown[] = [];
    const reply = createProgressiveReply({
      minIntervalMs: 1000,
      maxLength: 100,
      render: upper,
      ...platform,
      onStreamingFailed: (error) => failures.push(error),
    });
    reply.append("one");
    await vi.advanceTimersByTimeAsync(100);
    reply.append(" two");
    await vi.advanceTimersByTimeAsync(1100);
    reply.append(" three");
    await vi.advanceTimersByTimeAsync(3000);
    // The final edit (4200) fails too (4250): the finished text goes out as a new message.
    const finishing = reply.finish("one two three.");
    await vi.advanceTimersByTimeAsync(3000);
    await finishing;
    expect(platform.calls).toEqual([
      { kind: "send", text: "ONE", at: 50 },
      { kind: "send", text: "ONE TWO THREE.", at: 4300 },
    ]);
    expect(failures).toEqual([broken, broken]);
  });

  it("falls back to a single final message when the first send fails", async () => {
    const platform = createFakePlatform({ send: [new Error("channel_not_found")] });
    const reply = createProgressiveReply({ minIntervalMs: 1000, maxLength: 100, render: upper, ...platform });
    reply.append("partial");
    await vi.advanceTimersByTimeAsync(3000);
    reply.append(" more");
    await vi.advanceTimersByTimeAsync(3000);
    const finishing = reply.finish("final");
    await vi.advanceTimersByTimeAsync(1000);
    await finishing;
    expect(platform.calls).toEqual([{ kind: "send", text: "FINAL", at: 6050 }]);
  });

  it("rejects when nothing at all could be posted", async () => {
    const failure = new Error("not_in_channel");
    const platform = createFakePlatform({ send: [failure] });
    const reply = createProgressiveReply({ minIntervalMs: 1000, maxLength: 100, render: upper, ...platform });
    const finishing = reply.finish("final");
    const outcome = expect(finishing).rejects.toBe(failure);
    await vi.advanceTimersByTimeAsync(100);
    await outcome;
    expect(platform.calls).toEqual([]);
  });

  it("shows a cut preview while streaming and hands back the overflow of a long final text", async () => {
    const platform = createFakePlatform();
    const reply = createProgressiveReply({ minIntervalMs: 1000, maxLength: 20, render: upper, ...platform });
    reply.append("first paragraph\n\nsecond one is long");
    await vi.advanceTimersByTimeAsync(100);
    const finishing = reply.finish("first paragraph\n\nsecond one is long\n\nthird");
    await vi.advanceTimersByTimeAsync(2000);
    expect(await finishing).toEqual({ overflow: "second one is long\n\nthird" });
    expect(platform.calls).toEqual([
      { kind: "send", text: "FIRST PARAGRAPH …", at: 50 },
      { kind: "edit", text: "FIRST PARAGRAPH", at: 1050 },
    ]);
  });
});

describe("readRateLimit", () => {
  it("reads Slack's, discord.js's and HTTP retry-after shapes", () => {
    expect(readRateLimit({ code: "slack_webapi_rate_limited_error", retryAfter: 2 })).toEqual({
      retryAfterMs: 2000,
    });
    expect(readRateLimit({ status: 429, headers: { "retry-after": "3" } })).toEqual({ retryAfterMs: 3000 });
    expect(readRateLimit({ status: 429 })).toEqual({ retryAfterMs: 1000 });
    expect(readRateLimit({ status: 500 })).toBeNull();
    expect(readRateLimit(new Error("x"))).toBeNull();
  });
});
