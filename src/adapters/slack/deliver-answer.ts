import type { HistoryTurn } from "../../answer/answer-types.js";
import type { ChatReply, Conversation } from "../../chat-core/chat-core.js";
import { friendlyMessage } from "../../errors.js";
import { answerText, refusalSentence } from "../../rendering/reply-sentences.js";
import { createNativeStreamReply } from "./native-stream-reply.js";
import { answerExtraBlocks } from "./render-answer.js";
import type { ReplyTarget, SlackContext } from "./slack-context.js";
import type { FinalReply } from "./slack-messages.js";
import { createUpdatedMessageReply } from "./updated-message-reply.js";
import { createWorkingIndicator } from "./working-indicator.js";

const queueUpdateMs = 5000;

export interface SlackQuestion {
  conversation: Conversation;
  text: string;
  history: readonly HistoryTurn[];
}

/**
 * Asks the core and renders what comes back into the conversation: a working indicator, the answer streamed, then
 * its sources and feedback buttons; a refusal as is; a failure as the fixed friendly sentence (details in the log).
 */
export async function deliverAnswer(
  context: SlackContext,
  target: ReplyTarget,
  question: SlackQuestion,
): Promise<void> {
  const logger = context.logger.child({ channel: target.channel, user: target.userId });
  const indicator = createWorkingIndicator(target, context, logger);
  const streamNatively = context.support.nativeStreaming && target.threadTs !== undefined;
  const reply = streamNatively
    ? createNativeStreamReply(target, context, logger)
    : createUpdatedMessageReply(target, logger);
  let queueShownAt = Number.NEGATIVE_INFINITY;
  await indicator.start();
  try {
    // The answer pipeline's first stretch (retrieval, ranking) is synchronous: one question starts per turn.
    await context.nextTurn();
    const result = await context.core.ask({
      conversation: question.conversation,
      text: question.text,
      history: question.history,
      signal: context.signal,
      onDelta: (delta) => reply.append(delta),
      onQueuePosition: (position) => {
        // The first position at once, then at most one update every few seconds (Slack's rate limits).
        if (Date.now() - queueShownAt < queueUpdateMs) return;
        queueShownAt = Date.now();
        if (!indicator.showQueuePosition(position)) reply.showQueuePosition(position);
      },
    });
    await reply.finish(renderResult(result));
  } catch (error) {
    logger.error({ err: error }, "slack question failed");
    await reply
      .finish({ markdown: friendlyMessage(error), extras: [] })
      .catch((postError) => logger.error({ err: postError }, "could not post the failure reply"));
  } finally {
    await indicator.stop();
  }
}

export function renderResult(result: ChatReply): FinalReply {
  if (result.kind === "refused") return { markdown: refusalSentence(result), extras: [] };
  const { answer } = result;
  const target = {
    questionId: result.questionId,
    answerId: result.answerId,
    sources: answer.citations.map((citation) => citation.source),
  };
  return { markdown: answerText(answer), extras: answerExtraBlocks(answer.citations, target) };
}
