import type { Answer, Citation } from "../../src/answer/answer-types.js";
import type {
  ChatCore,
  ChatQuestion,
  ChatReply,
  Refusal,
  ReindexProgress,
  ReindexResult,
  StatusReport,
} from "../../src/chat-core/chat-core.js";
import { DocentError } from "../../src/errors.js";
import type { FeedbackVote } from "../../src/shared-state/shared-state.js";

/**
 * The one fake ChatCore both adapters' tests use: it records every call and answers with the next scripted reply
 * (or `reply`, or a default answer citing one public document), streaming the answer text through onDelta first.
 * Admins are a fixed list plus Discord's Manage Server, as in the real policy; reindex reports progress twice.
 */
export type ScriptedAnswer =
  | { kind: "answer"; text: string; citations?: Citation[]; deltas?: string[]; deltaPauseMs?: number }
  | ({ kind: "refused" } & Refusal)
  | { kind: "throw"; error: unknown };

export interface FakeChatCoreOptions {
  admins?: string[];
  /** Decides the reply itself (a slow core, a failing one); scripted answers are then ignored. */
  reply?: (question: ChatQuestion) => Promise<ChatReply> | ChatReply;
  /** Streams the answer text in small pieces before replying when no deltas are scripted; default true. */
  stream?: boolean;
}

export interface FakeChatCore extends ChatCore {
  questions: ChatQuestion[];
  votes: FeedbackVote[];
  reindexRuns: number;
  script(...answers: ScriptedAnswer[]): void;
}

export const defaultAnswerText = "There are **11** paid holidays in 2026 [1].";

export const handbookCitation: Citation = {
  n: 1,
  source: "public/holidays-2026.md",
  page: null,
  heading: "Public holidays",
  scope: "public",
  url: "https://docs.example.com/public/holidays-2026.md",
};

export const engineDown = new DocentError(
  "ENGINE_UNAVAILABLE",
  "connect ECONNREFUSED 127.0.0.1:11434 (secret detail)",
);

export function createFakeChatCore(options: FakeChatCoreOptions = {}): FakeChatCore {
  const queue: ScriptedAnswer[] = [];
  const seen = new Set<string>();
  let counter = 0;
  const stream = async (question: ChatQuestion, text: string, scripted?: string[], pauseMs = 5) => {
    const pieces = scripted ?? (options.stream === false ? [] : (text.match(/.{1,12}/gs) ?? []));
    for (const piece of pieces) {
      question.onDelta?.(piece);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const core: FakeChatCore = {
    questions: [],
    votes: [],
    reindexRuns: 0,
    script: (...answers) => queue.push(...answers),
    scopesFor: (conversation) => (conversation.roleIds?.length ? ["public", "hr"] : ["public"]),
    async ask(question): Promise<ChatReply> {
      core.questions.push(question);
      if (options.reply) {
        const reply = await options.reply(question);
        if (reply.kind === "answer") await stream(question, reply.answer.text);
        return reply;
      }
      const next = queue.shift() ?? {
        kind: "answer",
        text: defaultAnswerText,
        citations: [handbookCitation],
      };
      if (next.kind === "throw") throw next.error;
      if (next.kind === "refused") return next;
      await stream(question, next.text, next.deltas, next.deltaPauseMs);
      counter += 1;
      return {
        kind: "answer",
        questionId: `q${counter}`,
        answerId: `a${counter}`,
        answer: makeAnswer(next.text, next.citations ?? []),
      };
    },
    async status(): Promise<StatusReport> {
      return {
        generation: "gen-0001",
        documents: 20,
        chunks: 140,
        scopes: { public: 90, hr: 50 },
        documentsByScope: { public: 12, hr: 8 },
        embedder: "local:hashed-ngrams-v1:384",
        indexBuiltAt: "2026-11-01T10:00:00.000Z",
        lastIngest: null,
        reindexRunning: false,
        engine: "extractive",
        engineReachable: { reachable: true },
        queueLength: 0,
        platforms: ["discord"],
        sources: [],
      };
    },
    async reindex(actor, onProgress?: (progress: ReindexProgress) => void): Promise<ReindexResult> {
      const admin = (options.admins ?? []).includes(actor?.userId ?? "") || actor?.managesServer === true;
      if (actor !== null && !admin) return { outcome: "refused", summary: null, generation: "gen-0001" };
      core.reindexRuns += 1;
      onProgress?.({ stage: "embedding", done: 1, total: 2 });
      await new Promise((resolve) => setTimeout(resolve, 10));
      onProgress?.({ stage: "embedding", done: 2, total: 2 });
      const summary = {
        added: 1,
        updated: 0,
        removed: 0,
        unchanged: 19,
        chunks: 141,
        failed: [],
        durationMs: 1200,
      };
      return { outcome: "done", summary, generation: "gen-0002" };
    },
    async recordFeedback(vote) {
      core.votes.push(vote);
    },
    async markEventSeen(_platform, eventId) {
      if (seen.has(eventId)) return false;
      seen.add(eventId);
      return true;
    },
  };
  return core;
}

/** An answer as the core returns it: answered when it cites something, not covered otherwise. */
export function makeAnswer(text: string, citations: Citation[]): Answer {
  return {
    text,
    citations,
    grounded: citations.length > 0,
    outcome: citations.length > 0 ? "answered" : "not-covered",
    relevance: citations.length > 0 ? 1 : 0,
    engine: "fake",
    scopes: ["public"],
    timings: { retrievalMs: 1, firstTokenMs: null, totalMs: 2 },
    usage: { promptTokens: 10, answerTokens: 5, sources: citations.length },
  };
}
