import type { App, Context } from "@slack/bolt";
import { answerInSlack } from "./deliver-answer.js";
import { type ReplyTarget, type SlackClient, type SlackContext, slackErrorCode } from "./slack-context.js";
import { isQuestionSubtype, mentionsUser, slackToPlainText } from "./slack-text.js";
import { readThreadHistory } from "./thread-history.js";

/** The fields of app_mention and message events the adapter reads. */
interface IncomingMessage {
  type: string;
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  team?: string;
}

const emptyMention = "Ask me a question after the mention, for example: how many vacation days do I get?";

/**
 * app_mention: answered in the message's thread. message.im: answered in the DM (threaded when asked in a thread).
 * A reply in a channel thread where the bot has answered: a follow-up, answered without a mention (setting).
 * The bot's own messages, other bots (setting), edits and non-question subtypes are ignored.
 */
export function registerMessageEvents(app: App, context: SlackContext): void {
  app.event("app_mention", async ({ event, client, context: boltContext }) => {
    const message = event as unknown as IncomingMessage;
    if (ignored(message, boltContext, context)) return;
    await answerMessage(context, client, boltContext, message, message.thread_ts ?? message.ts, false);
  });

  app.event("message", async ({ event, client, context: boltContext }) => {
    const message = event as unknown as IncomingMessage;
    if (ignored(message, boltContext, context)) return;
    if (message.channel_type === "im") {
      await answerMessage(context, client, boltContext, message, message.thread_ts, false);
      return;
    }
    // In channels a mention is answered through app_mention; other thread replies may be follow-ups.
    if (!context.settings.answerFollowUps || message.thread_ts === undefined) return;
    if (mentionsUser(message.text, boltContext.botUserId)) return;
    await answerMessage(context, client, boltContext, message, message.thread_ts, true);
  });
}

function ignored(message: IncomingMessage, boltContext: Context, context: SlackContext): boolean {
  if (!isQuestionSubtype(message.subtype) || message.user === undefined) return true;
  if (message.user === boltContext.botUserId) return true;
  if (message.bot_id !== undefined && (message.bot_id === boltContext.botId || context.settings.ignoreBots)) {
    return true;
  }
  return false;
}

async function answerMessage(
  context: SlackContext,
  client: SlackClient,
  boltContext: Context,
  message: IncomingMessage,
  replyThreadTs: string | undefined,
  onlyAsFollowUp: boolean,
): Promise<void> {
  const userId = message.user as string;
  const target: ReplyTarget = {
    client,
    channel: message.channel,
    threadTs: replyThreadTs,
    messageTs: message.ts,
    teamId: message.team ?? boltContext.teamId,
    userId,
  };
  const history =
    message.thread_ts === undefined
      ? { turns: [], botAnswered: false }
      : await readThreadHistory({
          client,
          channel: message.channel,
          threadTs: message.thread_ts,
          beforeTs: message.ts,
          askerId: userId,
          botUserId: boltContext.botUserId,
          botId: boltContext.botId,
        }).catch((error) => {
          context.logger.warn({ error: slackErrorCode(error) }, "could not read the thread's history");
          return { turns: [], botAnswered: false };
        });
  if (onlyAsFollowUp && !history.botAnswered) return;
  const text = slackToPlainText(message.text, boltContext.botUserId);
  if (text === "") {
    await client.chat.postMessage({ channel: message.channel, thread_ts: replyThreadTs, text: emptyMention });
    return;
  }
  const isDirectMessage = message.channel_type === "im" || message.channel.startsWith("D");
  const conversation = { platform: "slack" as const, channelId: message.channel, isDirectMessage, userId };
  await answerInSlack(context, target, { conversation, text, history: history.turns });
}
