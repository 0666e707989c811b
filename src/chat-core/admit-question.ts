import { randomUUID } from "node:crypto";
import type { Answerer } from "../answer/answerer.js";
import { isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { ChatQuestion, ChatReply, Refusal } from "./chat-core.js";
import type { QuestionRateLimiter } from "./question-rate-limiter.js";

export interface AdmissionDependencies {
  answerer: Answerer;
  limiter: QuestionRateLimiter;
  scopesFor: (question: ChatQuestion) => string[];
  /** Questions allowed to wait for the engine (config.llm.queueLimit). */
  queueLimit: number;
  /** Longer questions are refused before anything else (config.chat.maxQuestionChars). */
  maxQuestionChars: number;
  logger: Logger;
}

/**
 * The chat layer's gate for one question: its length, the asker's per-minute limit and a full engine queue may
 * refuse it; an admitted question goes to the answerer (the answer pipeline) with the scopes its conversation may
 * search (the access policy). Refusals say why (each surface renders the sentence); other failures (no index,
 * cancelled) reject with their DocentError for the adapter to turn into friendlyMessage(error). Each question leaves
 * one log line with its ids, platform, outcome and timings: "question answered" (written by the answerer),
 * "question refused" or "question failed".
 */
export async function admitQuestion(
  question: ChatQuestion,
  dependencies: AdmissionDependencies,
): Promise<ChatReply> {
  const { answerer, logger } = dependencies;
  const { platform, userId } = question.conversation;
  const questionId = randomUUID();
  const answerId = randomUUID();
  const refuse = (refusal: Refusal): ChatReply => {
    logger.info({ questionId, platform, outcome: "refused", refused: refusal.reason }, "question refused");
    return { kind: "refused", ...refusal };
  };
  if (question.text.length > dependencies.maxQuestionChars) {
    return refuse({ reason: "too-long", maxChars: dependencies.maxQuestionChars });
  }
  if (!dependencies.limiter.tryTake(`${platform}:${userId}`)) return refuse({ reason: "user-rate-limit" });
  const queueLength = answerer.engine?.queueLength() ?? 0;
  if (dependencies.queueLimit > 0 && queueLength >= dependencies.queueLimit) {
    return refuse({ reason: "queue-full" });
  }
  const scopes = dependencies.scopesFor(question);
  const started = performance.now();
  try {
    const asked = {
      text: question.text,
      scopes,
      history: question.history,
      signal: question.signal,
      onDelta: question.onDelta,
      onQueuePosition: question.onQueuePosition,
    };
    const answer = await answerer.answer(asked, { questionId, answerId, platform });
    return { kind: "answer", questionId, answerId, answer };
  } catch (error) {
    if (isDocentError(error, "RATE_LIMITED")) return refuse({ reason: "queue-full" });
    const totalMs = Math.round(performance.now() - started);
    const code = isDocentError(error) ? error.code : "INTERNAL";
    const fields = { questionId, answerId, platform, outcome: "error", code, timings: { totalMs } };
    if (code === "CANCELLED") logger.info(fields, "question failed");
    else logger.error({ ...fields, err: error }, "question failed");
    throw error;
  }
}
