import type { App, Context } from "@slack/bolt";
import type { HistoryTurn } from "../../answer/answer-types.js";
import { hintsWhenEmpty, routeMessage } from "../../chat-core/route-message.js";
import { deliverAnswer } from "./deliver-answer.js";
import {
  isSlackDirectMessage,
  type ReplyTarget,
  type SlackClient,
  type SlackContext,
  slackErrorCode,
} from "./slack-context.js";
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
 * app_mention and message events become the core's message facts (src/chat-core/route-message.ts decides which are
 * answered): a mention is answered in its thread, a direct message in the DM (threaded when asked in a thread), a
 * reply in a channel thread where the bot has answered as a follow-up. A channel message that mentions the bot is
 * left to its app_mention event; the bot's own messages, edits and non-question subtypes never reach the rules.
 */
export function registerMessageEvents(app: App, context: SlackContext): void {
  app.event("app_mention", async ({ event, client, context: boltContext }) => {
    await translateMessageEvent(context, client, boltContext, event as unknown as IncomingMessage, true);
  });

  app.event("message", async ({ event, client, context: boltContext }) => {
    const message = event as unknown as IncomingMessage;
    if (!isSlackDirectMessage(message.channel, message.channel_type)) {
      if (message.thread_ts === undefined || mentionsUser(message.text, boltContext.botUserId)) return;
    }
    await translateMessageEvent(context, client, boltContext, message, false);
  });
}

function isOwnOrNotAQuestion(message: IncomingMessage, boltContext: Context): boolean {
  if (!isQuestionSubtype(message.subtype) || message.user === undefined) return true;
  return (
    message.user === boltContext.botUserId ||
    (message.bot_id !== undefined && message.bot_id === boltContext.botId)
  );
}

/**
 * Translates one Slack message event into the core's terms: the facts the route rules read, then a plain question
 * (conversation, text, thread history) that deliverAnswer asks the core and renders; route-message.ts decides.
 */
async function translateMessageEvent(
  context: SlackContext,
  client: SlackClient,
  boltContext: Context,
  message: IncomingMessage,
  mentionsBot: boolean,
): Promise<void> {
  if (isOwnOrNotAQuestion(message, boltContext)) return;
  const userId = message.user as string;
  const isDirectMessage = isSlackDirectMessage(message.channel, message.channel_type);
  let history: Promise<{ turns: HistoryTurn[]; botAnswered: boolean }> | undefined;
  const readHistory = () => {
    history ??= readEarlierMessages(context, client, boltContext, message);
    return history;
  };
  const facts = {
    fromOtherBot: message.bot_id !== undefined,
    isDirectMessage,
    mentionsBot,
    followsBotAnswer: async () => (await readHistory()).botAnswered,
  };
  const { ignoreBots, answerFollowUps } = context.settings;
  const route = await routeMessage(facts, { ignoreBots, answerFollowUps });
  if (route === null) return;
  const replyThreadTs = route === "direct" ? message.thread_ts : (message.thread_ts ?? message.ts);
  const text = slackToPlainText(message.text, boltContext.botUserId);
  if (text === "") {
    if (!hintsWhenEmpty(route)) return;
    await client.chat.postMessage({ channel: message.channel, thread_ts: replyThreadTs, text: emptyMention });
    return;
  }
  const target: ReplyTarget = {
    client,
    channel: message.channel,
    threadTs: replyThreadTs,
    messageTs: message.ts,
    teamId: message.team ?? boltContext.teamId,
    userId,
  };
  const conversation = { platform: "slack" as const, channelId: message.channel, isDirectMessage, userId };
  await deliverAnswer(context, target, { conversation, text, history: (await readHistory()).turns });
}

/** The thread's earlier messages (none outside a thread), and whether the bot answered in it. */
function readEarlierMessages(
  context: SlackContext,
  client: SlackClient,
  boltContext: Context,
  message: IncomingMessage,
): Promise<{ turns: HistoryTurn[]; botAnswered: boolean }> {
  if (message.thread_ts === undefined) return Promise.resolve({ turns: [], botAnswered: false });
  return readThreadHistory({
    client,
    channel: message.channel,
    threadTs: message.thread_ts,
    beforeTs: message.ts,
    askerId: message.user as string,
    botUserId: boltContext.botUserId,
    botId: boltContext.botId,
  }).catch((error) => {
    context.logger.warn({ error: slackErrorCode(error) }, "could not read the thread's history");
    return { turns: [], botAnswered: false };
  });
}
