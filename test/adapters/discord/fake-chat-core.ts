import type { Answer, Citation } from "../../../src/answer/answer-types.js";
import type {
  ChatCore,
  ChatQuestion,
  ChatReply,
  ReindexProgress,
  ReindexResult,
  StatusReport,
} from "../../../src/chat-core/chat-core.js";
import { DocentError } from "../../../src/errors.js";
import type { FeedbackVote } from "../../../src/shared-state/shared-state.js";

/**
 * A scripted ChatCore: records every call; answers with the next scripted reply (deltas streamed with a small
 * pause, then the answer), or throws. Admins are a fixed list plus Manage Server, like the real policy.
 */
export type ScriptedAnswer =
  | { kind: "answer"; text: string; citations?: Citation[]; deltas?: string[]; deltaPauseMs?: number }
  | { kind: "refused"; text: string }
  | { kind: "throw"; error: unknown };

export interface FakeChatCore extends ChatCore {
  questions: ChatQuestion[];
  votes: FeedbackVote[];
  reindexRuns: number;
  script(...answers: ScriptedAnswer[]): void;
}

export const handbookCitation: Citation = {
  n: 1,
  source: "public/holidays-2026.md",
  page: null,
  heading: "Public holidays",
  scope: "public",
  url: "https://docs.example.com/public/holidays-2026.md",
};

export function createFakeChatCore(options: { admins?: string[] } = {}): FakeChatCore {
  const queue: ScriptedAnswer[] = [];
  const seen = new Set<string>();
  let counter = 0;
  const core: FakeChatCore = {
    questions: [],
    votes: [],
    reindexRuns: 0,
    script: (...answers) => queue.push(...answers),
    scopesFor: (conversation) => (conversation.roleIds?.length ? ["public", "hr"] : ["public"]),
    async ask(question): Promise<ChatReply> {
      core.questions.push(question);
      const next = queue.shift() ?? {
        kind: "answer",
        text: "Holidays are listed in the handbook [1].",
        citations: [handbookCitation],
      };
      if (next.kind === "throw") throw next.error;
      if (next.kind === "refused") return next;
      for (const delta of next.deltas ?? []) {
        question.onDelta?.(delta);
        await new Promise((resolve) => setTimeout(resolve, next.deltaPauseMs ?? 5));
      }
      counter += 1;
      return {
        kind: "answer",
        questionId: `q${counter}`,
        answerId: `a${counter}`,
        answer: answerOf(next.text, next.citations ?? []),
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

export function answerOf(text: string, citations: Citation[]): Answer {
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

export const engineDown = new DocentError(
  "ENGINE_UNAVAILABLE",
  "connect ECONNREFUSED 127.0.0.1:11434 (secret detail)",
);
