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
  const stream: NativeStream = {
    target,
    context,
    logger,
    streamer: target.client.chatStream({
      channel: target.channel,
      thread_ts: target.threadTs ?? target.messageTs,
      recipient_team_id: target.teamId,
      recipient_user_id: target.userId,
      buffer_size: 1,
    }),
    fallback: null,
    pending: "",
    streamed: "",
    broken: false,
    lastAt: 0,
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;

  function schedule(): void {
    if (timer !== undefined || inFlight !== null || stream.broken || stream.fallback !== null) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        inFlight = flush(stream).finally(() => {
          inFlight = null;
          if (completePrefixLength(stream.pending) > 0) schedule();
        });
      },
      Math.max(0, stream.lastAt + appendIntervalMs - Date.now()),
    );
  }

  return {
    showQueuePosition(position) {
      if (stream.streamed === "" && stream.pending === "" && inFlight === null)
        switchToFallback(stream).showQueuePosition(position);
    },
    append(delta) {
      if (stream.fallback !== null) stream.fallback.append(delta);
      else {
        stream.pending += delta;
        schedule();
      }
    },
    async finish(reply: FinalReply) {
      if (timer !== undefined) clearTimeout(timer);
      if (inFlight !== null) await inFlight;
      await finishStream(stream, reply);
    },
  };
}

/** One answer's stream: what was sent, what waits for the next append, and whether it broke or fell back. */
interface NativeStream {
  target: ReplyTarget;
  context: SlackContext;
  logger: Logger;
  streamer: ReturnType<ReplyTarget["client"]["chatStream"]>;
  /** The posted-then-updated message this answer continues as, once native streaming was refused. */
  fallback: AnswerReply | null;
  pending: string;
  streamed: string;
  /** An append failed after the stream started: the final answer replaces what was streamed. */
  broken: boolean;
  lastAt: number;
}

function switchToFallback(stream: NativeStream): AnswerReply {
  stream.fallback ??= createUpdatedMessageReply(stream.target, stream.logger);
  return stream.fallback;
}

/** Appends what is complete of the pending text; a refused start switches to the fallback, a later failure breaks. */
async function flush(stream: NativeStream): Promise<void> {
  // A link or a "<" cut at the chunk's end waits for the rest, so that it is defused whole.
  const text = stream.pending.slice(0, completePrefixLength(stream.pending));
  if (text === "" || stream.broken || stream.fallback !== null) return;
  stream.pending = stream.pending.slice(text.length);
  stream.lastAt = Date.now();
  try {
    await stream.streamer.append({ markdown_text: defuseMentions(text) });
    stream.streamed += text;
  } catch (error) {
    if (stream.streamer.ts === undefined) {
      stream.context.support.nativeStreaming = false;
      stream.logger.info(
        { error: slackErrorCode(error) },
        "slack native streaming unavailable; updating messages instead",
      );
      switchToFallback(stream).append(stream.streamed + text + stream.pending);
      stream.pending = "";
    } else {
      stream.broken = true;
      stream.logger.warn(
        { error: slackErrorCode(error) },
        "slack stream append failed; the final answer replaces it",
      );
    }
  }
}

/**
 * Stops the stream with the rest of the text; when the finished answer differs from what was streamed or needs
 * several messages, the streamed message is replaced by the first and the others are posted after it.
 */
async function finishStream(stream: NativeStream, reply: FinalReply): Promise<void> {
  const { target, streamer, pending, logger } = stream;
  if (stream.fallback !== null) return stream.fallback.finish(reply);
  const messages = renderReply(reply);
  const ts = streamer.ts;
  if (ts === undefined) return postMessages(target, messages);
  const matches =
    !stream.broken && messages.length === 1 && (stream.streamed + pending).trim() === reply.markdown.trim();
  try {
    if (!stream.broken) {
      await streamer.stop({
        ...(pending === "" ? {} : { markdown_text: defuseMentions(pending) }),
        ...(matches ? { blocks: reply.extras } : {}),
      });
    }
  } catch (error) {
    logger.warn({ error: slackErrorCode(error) }, "slack stream stop failed; the final answer replaces it");
  }
  if (matches) return;
  const [first, ...rest] = messages;
  if (first !== undefined)
    await target.client.chat.update({ channel: target.channel, ts, text: first.text, blocks: first.blocks });
  await postMessages(target, rest);
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
