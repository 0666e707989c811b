import type { AnswerOutcome } from "../answer/answer-types.js";
import type { ChatReply } from "../chat-core/chat-core.js";

/** How a chat question ended, as /metrics counts it. */
export type QuestionOutcome = "answered" | "closest_passages" | "not_covered" | "refused" | "error";

const byAnswerOutcome: Record<AnswerOutcome, QuestionOutcome> = {
  answered: "answered",
  // The extractive engine's answer: the best passages, quoted.
  excerpts: "answered",
  // No model, and no sentence answered: the closest passages, not claimed as an answer.
  "closest-passages": "closest_passages",
  "not-covered": "not_covered",
  // The engine failed or timed out: the asker got an apology and excerpts, the operator wants to know.
  "engine-failed": "error",
};

/** The outcome of a reply; null stands for a question that rejected (no index, cancelled, a bug). */
export function questionOutcome(reply: ChatReply | null): QuestionOutcome {
  if (reply === null) return "error";
  if (reply.kind === "refused") return "refused";
  return byAnswerOutcome[reply.answer.outcome];
}
