import type { Logger } from "../../logging/logger.js";
import { unlinkNonWebTargets } from "./link-targets.js";
import { type ReplyTarget, type SlackContext, slackErrorCode } from "./slack-context.js";
import { type FinalReply, postMessages, renderReply } from "./slack-messages.js";
import { type AnswerReply, createUpdatedMessageReply } from "./updated-message-reply.js";

const appendIntervalMs = 1000;

/**
 * Streaming with Slack's native chat streaming (chat.startStream / appendStream / stopStream through the Web API
 * client's chatStream helper), at most one call a second. When the workspace refuses chat.startStream, the adapter
 * stops trying it and this answer continues as a posted-then-updated message. When the finished answer differs
 * from what was streamed (citations checked) or needs several messages, the streamed message is replaced.
 */
export function createNativeStreamReply(
  target: ReplyTarget,
  context: SlackContext,
  logger: Logger,
): AnswerReply {
  const { client, channel } = target;
  const streamer = client.chatStream({
    channel,
    thread_ts: target.threadTs ?? target.messageTs,
    recipient_team_id: target.teamId,
    recipient_user_id: target.userId,
    buffer_size: 1,
  });
  let fallback: AnswerReply | null = null;
  let pending = "";
  let streamed = "";
  let broken = false;
  let lastAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;

  function switchToFallback(): AnswerReply {
    fallback ??= createUpdatedMessageReply(target, logger);
    return fallback;
  }

  function schedule(): void {
    if (timer !== undefined || inFlight !== null || broken || fallback !== null) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        inFlight = flush().finally(() => {
          inFlight = null;
          if (completePrefixLength(pending) > 0) schedule();
        });
      },
      Math.max(0, lastAt + appendIntervalMs - Date.now()),
    );
  }

  async function flush(): Promise<void> {
    // A link or a "<" cut at the chunk's end waits for the rest, so that it is defused whole.
    const text = pending.slice(0, completePrefixLength(pending));
    if (text === "" || broken || fallback !== null) return;
    pending = pending.slice(text.length);
    lastAt = Date.now();
    try {
      await streamer.append({ markdown_text: defuseMentions(text) });
      streamed += text;
    } catch (error) {
      if (streamer.ts === undefined) {
        context.support.nativeStreaming = false;
        logger.info(
          { error: slackErrorCode(error) },
          "slack native streaming unavailable; updating messages instead",
        );
        switchToFallback().append(streamed + text + pending);
        pending = "";
      } else {
        broken = true;
        logger.warn(
          { error: slackErrorCode(error) },
          "slack stream append failed; the final answer replaces it",
        );
      }
    }
  }

  return {
    showQueuePosition(position) {
      if (streamed === "" && pending === "" && inFlight === null)
        switchToFallback().showQueuePosition(position);
    },
    append(delta) {
      if (fallback !== null) fallback.append(delta);
      else {
        pending += delta;
        schedule();
      }
    },
    async finish(reply: FinalReply) {
      if (timer !== undefined) clearTimeout(timer);
      if (inFlight !== null) await inFlight;
      if (fallback !== null) return fallback.finish(reply);
      const messages = renderReply(reply);
      const ts = streamer.ts;
      if (ts === undefined) return postMessages(target, messages);
      const matches =
        !broken && messages.length === 1 && (streamed + pending).trim() === reply.markdown.trim();
      try {
        if (!broken) {
          await streamer.stop({
            ...(pending === "" ? {} : { markdown_text: defuseMentions(pending) }),
            ...(matches ? { blocks: reply.extras } : {}),
          });
        }
      } catch (error) {
        logger.warn(
          { error: slackErrorCode(error) },
          "slack stream stop failed; the final answer replaces it",
        );
      }
      if (matches) return;
      const [first, ...rest] = messages;
      if (first !== undefined)
        await client.chat.update({ channel, ts, text: first.text, blocks: first.blocks });
      await postMessages(target, rest);
    },
  };
}

/**
 * Slack would turn <!channel> or <@U123> into a ping, and a link to "!channel" or "@U123" too; the streamed
 * Markdown shows them as text instead.
 */
function defuseMentions(markdown: string): string {
  return unlinkNonWebTargets(markdown).replace(/<(?=[@!#])/g, "&lt;");
}

/** How much of the text can be streamed now: all but a trailing "<" or a link not yet closed. */
export function completePrefixLength(text: string): number {
  if (text.endsWith("<")) return text.length - 1;
  const bracket = text.lastIndexOf("[");
  if (bracket === -1) return text.length;
  const unfinishedLink = /^\[[^\]\n]*(?:\]\([^)\n]*)?$|^\[[^\]\n]*\]$/.test(text.slice(bracket));
  if (!unfinishedLink) return text.length;
  return bracket > 0 && text[bracket - 1] === "!" ? bracket - 1 : bracket;
}
