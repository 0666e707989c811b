import type { Answer, Citation } from "../../../src/answer/answer-types.js";
import type {
  ChatCore,
  ChatQuestion,
  ChatReply,
  ReindexResult,
  StatusReport,
} from "../../../src/chat-core/chat-core.js";
import type { FeedbackVote } from "../../../src/shared-state/shared-state.js";

export interface FakeCoreOptions {
  /** What the "engine" says; default: an answer citing one public document. */
  reply?: (question: ChatQuestion) => Promise<ChatReply> | ChatReply;
  admins?: string[];
  /** Answer text streamed through onDelta in pieces before the reply; default true. */
  stream?: boolean;
  /** Pause between two streamed pieces; default 25 ms. */
  deltaDelayMs?: number;
}

export function makeAnswer(text: string, citations: Citation[] = []): Answer {
  return {
    text,
    citations,
    grounded: citations.length > 0,
    outcome: "answered",
    relevance: 1,
    engine: "fake",
    scopes: ["public"],
    timings: { retrievalMs: 1, firstTokenMs: 1, totalMs: 2 },
    usage: { promptTokens: 10, answerTokens: 5, sources: citations.length },
  };
}

export const holidayCitation: Citation = {
  n: 1,
  source: "public/holidays-2026.md",
  page: null,
  heading: "Holidays",
  scope: "public",
  url: "https://intranet.example.com/docs/public/holidays-2026.md",
};

let counter = 0;

/** A ChatCore that records what the adapter asked and answers as told. */
export function createFakeCore(options: FakeCoreOptions = {}) {
  const questions: ChatQuestion[] = [];
  const votes: FeedbackVote[] = [];
  const seen = new Set<string>();
  const state = { reindexRuns: 0 };
  const core: ChatCore = {
    scopesFor: () => ["public"],
    async ask(question) {
      questions.push(question);
      const reply = options.reply
        ? await options.reply(question)
        : ({
            kind: "answer",
            questionId: `q${++counter}`,
            answerId: `a${counter}`,
            answer: makeAnswer("There are **11** paid holidays in 2026 [1].", [holidayCitation]),
          } as const);
      if (reply.kind === "answer" && options.stream !== false) {
        for (const piece of reply.answer.text.match(/.{1,12}/gs) ?? []) {
          question.onDelta?.(piece);
          await new Promise((resolve) => setTimeout(resolve, options.deltaDelayMs ?? 25));
        }
      }
      return reply;
    },
    async status(): Promise<StatusReport> {
      return {
        generation: "g2",
        documents: 12,
        chunks: 340,
        scopes: { public: 200, hr: 140 },
        documentsByScope: { public: 7, hr: 5 },
        embedder: "local:hashed-ngrams-v1:384",
        indexBuiltAt: "2026-01-01T00:00:00Z",
        lastIngest: null,
        reindexRunning: false,
        engine: "fake",
        engineReachable: { reachable: true },
        queueLength: 0,
        platforms: ["slack"],
      };
    },
    async reindex(actor, onProgress): Promise<ReindexResult> {
      if (actor !== null && !(options.admins ?? []).includes(actor.userId)) {
        return { outcome: "refused", summary: null, generation: "g2" };
      }
      state.reindexRuns++;
      onProgress?.({ stage: "embed", done: 1, total: 2 });
      return {
        outcome: "done",
        summary: {
          added: 1,
          updated: 0,
          removed: 0,
          unchanged: 11,
          chunks: 345,
          failed: [],
          durationMs: 1200,
        },
        generation: "g3",
      };
    },
    async recordFeedback(vote) {
      votes.push(vote);
    },
    async markEventSeen(_platform, eventId) {
      if (seen.has(eventId)) return false;
      seen.add(eventId);
      return true;
    },
  };
  return { core, questions, votes, state };
}
