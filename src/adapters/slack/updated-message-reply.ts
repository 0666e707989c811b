import type { Logger } from "../../logging/logger.js";
import { createProgressiveReply } from "../../rendering/progressive-reply.js";
import { markdownToMrkdwn } from "./markdown-to-mrkdwn.js";
import { type SlackBlock, sectionBlock, sectionTextLimit } from "./render-answer.js";
import type { ReplyTarget } from "./slack-context.js";
import { type FinalReply, postMessages, renderReply } from "./slack-messages.js";

/** How an answer is delivered while it is being written. */
export interface AnswerReply {
  showQueuePosition(position: number): void;
  append(delta: string): void;
  finish(reply: FinalReply): Promise<void>;
}

/**
 * Streaming without Slack's native streaming: chat.postMessage, then chat.update at most once a second through the
 * shared progressive reply. A queue position is posted first and becomes the answer's message.
 */
export function createUpdatedMessageReply(target: ReplyTarget, logger: Logger): AnswerReply {
  const { client, channel } = target;
  let ts: string | undefined;
  let pending: Promise<void> = Promise.resolve();
  let answering = false;
  let finalBlocks: SlackBlock[] | null = null;
  let finalShown = false;

  async function write(mrkdwn: string, asNewMessage: boolean): Promise<void> {
    await pending;
    const blocks = [sectionBlock(mrkdwn), ...(finalBlocks ?? [])];
    if (finalBlocks !== null) finalShown = true;
    if (ts !== undefined && !asNewMessage) {
      await client.chat.update({ channel, ts, text: mrkdwn, blocks });
      return;
    }
    const posted = await client.chat.postMessage({
      channel,
      thread_ts: target.threadTs,
      text: mrkdwn,
      blocks,
    });
    ts = posted.ts;
  }

  const progressive = createProgressiveUpdates(write, logger);

  return {
    showQueuePosition(position) {
      if (answering) return;
      const text = `You're number ${position} in line. I'll answer as soon as I can.`;
      pending = pending
        .then(() => (answering ? undefined : write(text, false)))
        .catch((error) => logger.warn({ err: error }, "could not show the queue position"));
    },
    append(delta) {
      answering = true;
      progressive.append(delta);
    },
    async finish(reply) {
      answering = true;
      const messages = renderReply(reply);
      const [first, ...rest] = messages;
      finalBlocks = rest.length === 0 ? reply.extras : [];
      const { overflow } = await progressive.finish(reply.markdown.trim() || " ");
      if (!finalShown && ts !== undefined && first !== undefined) {
        await client.chat.update({ channel, ts, text: first.text, blocks: first.blocks });
      }
      if (overflow !== "") await postMessages(target, rest);
    },
  };
}

/**
 * The shared progressive reply over `write`: the first text is posted, later ones update it (or, past the limit,
 * are posted as new messages), at most once a second.
 */
function createProgressiveUpdates(
  write: (mrkdwn: string, asNewMessage: boolean) => Promise<void>,
  logger: Logger,
): ReturnType<typeof createProgressiveReply> {
  let sends = 0;
  return createProgressiveReply({
    minIntervalMs: 1000,
    maxLength: sectionTextLimit,
    render: markdownToMrkdwn,
    send: (first) => write(first, sends++ > 0),
    edit: (text) => write(text, false),
    onRateLimited: ({ retryAfterMs }) =>
      logger.warn({ retryAfterMs }, "slack rate limited the answer's updates"),
    onStreamingFailed: (error) =>
      logger.warn({ err: error }, "slack answer updates failed; posting the final text"),
  });
}
