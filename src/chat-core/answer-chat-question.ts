import { randomUUID } from "node:crypto";
import type { AnswerService } from "../answer/answer-service.js";
import { DocentError, friendlyMessage, isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { ChatQuestion, ChatReply } from "./chat-core.js";
import type { QuestionRateLimiter } from "./question-rate-limiter.js";

/** Said when the engine's queue is full: the bot is busy, not the asker too fast. */
export const busySentence = "I'm answering a lot of questions right now. Please try again in a minute.";
const rateLimitedError = new DocentError("RATE_LIMITED", "Too many questions");
/** Said when one user asks more than their per-minute limit. */
export const tooFastSentence = friendlyMessage(rateLimitedError);
/** Said when a question is longer than the limit (DOCENT_MAX_QUESTION_CHARS). */
export const tooLongSentence = (maxChars: number) =>
  `That question is too long for me: please ask it in ${maxChars.toLocaleString("en-US")} characters or fewer.`;

export interface AskDependencies {
  service: AnswerService;
  limiter: QuestionRateLimiter;
  scopesFor: (question: ChatQuestion) => string[];
  /** Questions allowed to wait for the engine (config.llm.queueLimit). */
  queueLimit: number;
  /** Longer questions are refused before anything else (config.chat.maxQuestionChars). */
  maxQuestionChars: number;
  logger: Logger;
}

/**
 * One chat question: its length, the per-user limit, a full engine queue, then the answer pipeline with the conversation's
 * scopes. Refusals are fixed friendly sentences; other failures (no index, cancelled) reject with their DocentError
 * for the adapter to turn into friendlyMessage(error). Each question leaves one log line with its ids, platform,
 * outcome and timings: "question answered" (written by the answer service), "question refused" or "question failed".
 */
export async function answerChatQuestion(
  question: ChatQuestion,
  dependencies: AskDependencies,
): Promise<ChatReply> {
  const { service, logger } = dependencies;
  const { platform, userId } = question.conversation;
  const questionId = randomUUID();
  const answerId = randomUUID();
  const refuse = (reason: string, text: string): ChatReply => {
    logger.info({ questionId, platform, outcome: "refused", refused: reason }, "question refused");
    return { kind: "refused", text };
  };
  if (question.text.length > dependencies.maxQuestionChars) {
    return refuse("too-long", tooLongSentence(dependencies.maxQuestionChars));
  }
  if (!dependencies.limiter.tryTake(`${platform}:${userId}`))
    return refuse("user-rate-limit", tooFastSentence);
  const queueLength = service.engine?.queueLength() ?? 0;
  if (dependencies.queueLimit > 0 && queueLength >= dependencies.queueLimit) {
    return refuse("queue-full", busySentence);
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
    const answer = await service.answer(asked, { questionId, answerId, platform });
    // The pipeline turns an engine failure into its friendly sentence plus excerpts; a full queue is not the
    // asker's fault, so that sentence is replaced.
    const rateLimitedSentence = friendlyMessage(rateLimitedError);
    if (answer.outcome === "engine-failed" && answer.text.startsWith(rateLimitedSentence)) {
      answer.text = `${busySentence}${answer.text.slice(rateLimitedSentence.length)}`;
    }
    return { kind: "answer", questionId, answerId, answer };
  } catch (error) {
    if (isDocentError(error, "RATE_LIMITED")) return refuse("queue-full", busySentence);
    const totalMs = Math.round(performance.now() - started);
    const code = isDocentError(error) ? error.code : "INTERNAL";
    const fields = { questionId, answerId, platform, outcome: "error", code, timings: { totalMs } };
    if (code === "CANCELLED") logger.info(fields, "question failed");
    else logger.error({ ...fields, err: error }, "question failed");
    throw error;
  }
}
