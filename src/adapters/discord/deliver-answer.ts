import { RateLimitError } from "discord.js";
import type { ChatCore, ChatQuestion } from "../../chat-core/chat-core.js";
import { friendlyMessage } from "../../errors.js";
import type { Logger } from "../../logging/logger.js";
import { createProgressiveReply, type RateLimit, readRateLimit } from "../../rendering/progressive-reply.js";
import { refusalSentence } from "../../rendering/reply-sentences.js";
import { closeOpenCodeBlock, splitMarkdown, withinCharacters } from "../../rendering/split-markdown.js";
import { type AnswerMemory, buildFeedbackRow } from "./feedback-buttons.js";
import { discordMessageLimit, renderAnswer } from "./render-answer.js";
import type { ButtonRow, ReplySurface } from "./reply-surfaces.js";

/**
 * Asks the core and shows the answer on a surface: streamed into one message (edited at most about once a second,
 * one edit in flight), then the finished answer with its sources, the parts that don't fit as further messages and
 * the feedback buttons under the last. Failures become a fixed sentence; details go to the log.
 */
export interface DeliverAnswerOptions {
  core: ChatCore;
  logger: Logger;
  memory: AnswerMemory;
  question: Omit<ChatQuestion, "onDelta">;
  surface: ReplySurface;
}

export const editIntervalMs = 1000;

export async function deliverAnswer(options: DeliverAnswerOptions): Promise<void> {
  const { core, logger, question, surface } = options;
  const started = Date.now();
  let components: ButtonRow[] = [];
  const reply = createProgressiveReply({
    minIntervalMs: editIntervalMs,
    maxLength: discordMessageLimit,
    render: closeOpenCodeBlock,
    send: (content) => surface.send(content, components),
    edit: (content) => surface.edit(content, components),
    rateLimitOf: readDiscordRateLimit,
    onRateLimited: (rateLimit) =>
      logger.warn({ retryAfterMs: rateLimit.retryAfterMs }, "discord edit rate limited"),
    onStreamingFailed: (error) =>
      logger.warn({ err: error }, "discord streaming stopped; sending the answer whole"),
  });
  let result: Awaited<ReturnType<ChatCore["ask"]>>;
  try {
    result = await core.ask({ ...question, onDelta: (delta) => reply.append(delta) });
  } catch (error) {
    logger.error({ err: error, userId: question.conversation.userId }, "discord question failed");
    await reply.finish(friendlyMessage(error)).catch((postError: unknown) => {
      logger.error({ err: postError }, "discord failure notice could not be posted");
    });
    return;
  }
  try {
    if (result.kind === "refused") {
      await reply.finish(refusalSentence(result));
      logger.info({ userId: question.conversation.userId, refused: true }, "discord question refused");
      return;
    }
    const rendered = renderAnswer(result.answer);
    const row = buildFeedbackRow(result.questionId, result.answerId);
    options.memory.remember(result.answerId, {
      questionId: result.questionId,
      sources: result.answer.citations.map((citation) => citation.source),
      questionText: question.text,
    });
    components = rendered.length <= discordMessageLimit ? [row] : [];
    const { overflow } = await reply.finish(rendered);
    const parts = splitMarkdown(overflow, withinCharacters(discordMessageLimit));
    for (const [index, part] of parts.entries()) {
      await surface.post(part, index === parts.length - 1 ? [row] : []);
    }
    logger.info(
      {
        questionId: result.questionId,
        answerId: result.answerId,
        outcome: result.answer.outcome,
        messages: 1 + parts.length,
        durationMs: Date.now() - started,
      },
      "discord answer delivered",
    );
  } catch (error) {
    logger.error({ err: error, userId: question.conversation.userId }, "discord answer could not be posted");
  }
}

/** discord.js waits out 429s itself; when told to reject instead, its RateLimitError carries milliseconds. */
function readDiscordRateLimit(error: unknown): RateLimit | null {
  if (error instanceof RateLimitError) return { retryAfterMs: Math.max(error.retryAfter, 100) };
  return readRateLimit(error);
}
