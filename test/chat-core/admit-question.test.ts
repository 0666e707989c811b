import { describe, expect, it } from "vitest";
import type { Answer, Question } from "../../src/answer/answer-types.js";
import type { Answerer } from "../../src/answer/answerer.js";
import { admitQuestion } from "../../src/chat-core/admit-question.js";
import { createQuestionRateLimiter } from "../../src/chat-core/question-rate-limiter.js";
import type { ChatEngine } from "../../src/engines/chat-engine.js";
import { DocentError, friendlyMessage } from "../../src/errors.js";
import { silentLogger } from "../../src/logging/logger.js";
import { answerText, busySentence, refusalSentence } from "../../src/rendering/reply-sentences.js";
import { createMemorySeenEvents } from "../../src/shared-state/memory-seen-events.js";

const baseAnswer: Answer = {
  text: "",
  citations: [],
  grounded: false,
  outcome: "answered",
  relevance: 1,
  engine: "fake",
  scopes: ["public"],
  timings: { retrievalMs: 0, firstTokenMs: null, totalMs: 0 },
  usage: { promptTokens: 0, answerTokens: null, sources: 0 },
};

function fakeService(queueLength: number, answer: (question: Question) => Promise<Answer>): Answerer {
  const engine = { id: "fake", queueLength: () => queueLength } as unknown as ChatEngine;
  return { engine, engineId: "fake", answer, close: async () => {} } as unknown as Answerer;
}

const ask = (service: Answerer, queueLimit = 3, text = "Question?") =>
  admitQuestion(
    {
      conversation: { platform: "discord", channelId: "c", isDirectMessage: false, userId: "u" },
      text,
      history: [],
    },
    {
      answerer: service,
      limiter: createQuestionRateLimiter(0),
      scopesFor: () => ["public"],
      queueLimit,
      maxQuestionChars: 100,
      logger: silentLogger,
    },
  );

describe("admitQuestion with a long question", () => {
  it("refuses a question over the limit with a fixed sentence, without asking; one at the limit is asked", async () => {
    const asked: string[] = [];
    const service = fakeService(0, async (question) => {
      asked.push(question.text);
      return baseAnswer;
    });
    const refused = await ask(service, 3, "<".repeat(101));
    expect(refused).toEqual({ kind: "refused", reason: "too-long", maxChars: 100 });
    expect(refused.kind === "refused" && refusalSentence(refused)).toBe(
      "That question is too long for me: please ask it in 100 characters or fewer.",
    );
    expect(asked).toEqual([]);
    expect((await ask(service, 3, "<".repeat(100))).kind).toBe("answer");
    expect(asked).toHaveLength(1);
  });
});

describe("admitQuestion when the engine is busy", () => {
  it("refuses with the busy sentence when the engine queue is full, without asking", async () => {
    let asked = 0;
    const service = fakeService(3, async () => {
      asked++;
      return baseAnswer;
    });
    const refused = await ask(service);
    expect(refused).toEqual({ kind: "refused", reason: "queue-full" });
    expect(refused.kind === "refused" && refusalSentence(refused)).toBe(busySentence);
    expect(asked).toBe(0);
  });

  it("renders an engine-failed answer from a full queue with the busy sentence, other failures with theirs", async () => {
    const failed = (failure: "RATE_LIMITED" | "ENGINE_TIMEOUT"): Answer => ({
      ...baseAnswer,
      outcome: "engine-failed",
      failure,
      text: "From the documents: [1] ...",
    });
    const reply = await ask(fakeService(0, async () => failed("RATE_LIMITED")));
    expect(reply.kind === "answer" && answerText(reply.answer)).toBe(
      `${busySentence} From the documents: [1] ...`,
    );
    expect(answerText(failed("ENGINE_TIMEOUT"))).toBe(
      `${friendlyMessage(new DocentError("ENGINE_TIMEOUT", "slow"))} From the documents: [1] ...`,
    );
    expect(answerText(baseAnswer)).toBe(baseAnswer.text);
  });

  it("turns a RATE_LIMITED rejection into the busy sentence and lets other errors through", async () => {
    const limited = fakeService(0, async () => {
      throw new DocentError("RATE_LIMITED", "queue full");
    });
    expect(await ask(limited)).toEqual({ kind: "refused", reason: "queue-full" });
    const missing = fakeService(0, async () => {
      throw new DocentError("INDEX_MISSING", "no index");
    });
    await expect(ask(missing)).rejects.toMatchObject({ code: "INDEX_MISSING" });
  });
});

describe("rate limiter and seen events", () => {
  it("lets a user ask again once the minute has slid past", () => {
    let now = 0;
    const limiter = createQuestionRateLimiter(2, () => now);
    const taken = [limiter.tryTake("u"), limiter.tryTake("u"), limiter.tryTake("u")];
    now = 59_999;
    taken.push(limiter.tryTake("u"));
    now = 60_000;
    taken.push(limiter.tryTake("u"), limiter.tryTake("u"));
    expect(taken).toEqual([true, true, false, false, true, true]);
  });

  it("forgets events after the TTL and keeps at most maxEntries", async () => {
    let now = 0;
    const seen = createMemorySeenEvents({ ttlMs: 1000, maxEntries: 2, now: () => now });
    expect([await seen.markSeen("a"), await seen.markSeen("a")]).toEqual([true, false]);
    now = 1000;
    expect(await seen.markSeen("a")).toBe(true);
    await seen.markSeen("b");
    await seen.markSeen("c");
    expect(await seen.markSeen("a")).toBe(true);
    expect(await seen.markSeen("c")).toBe(false);
  });
});
