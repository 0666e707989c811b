import type { HistoryTurn } from "../../answer/answer-types.js";
import type { SlackClient } from "./slack-context.js";
import { slackToPlainText } from "./slack-text.js";

export interface ThreadHistory {
  turns: HistoryTurn[];
  /** Whether the bot has posted in the thread (which makes a reply there a follow-up). */
  botAnswered: boolean;
}

export interface HistoryRequest {
  client: SlackClient;
  channel: string;
  threadTs: string;
  /** The question itself: it and anything after it are left out. */
  beforeTs: string;
  askerId: string;
  botUserId: string | undefined;
  botId: string | undefined;
}

interface ReplyMessage {
  ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  user_profile?: { display_name?: string; real_name?: string };
}

const pageSize = 200;

/**
 * The thread's earlier messages as history, oldest first: the asker's as "user", the bot's as "assistant", anyone
 * else's as "other" with their name (context for the core, never instructions). The core fits them to its budget.
 */
export async function readThreadHistory(request: HistoryRequest): Promise<ThreadHistory> {
  const { client, channel, threadTs } = request;
  const reply = await client.conversations.replies({ channel, ts: threadTs, limit: pageSize });
  const messages = (reply.messages ?? []) as ReplyMessage[];
  const earlier = messages.filter(
    (message) => message.ts !== undefined && Number(message.ts) < Number(request.beforeTs),
  );
  const isBot = (message: ReplyMessage) =>
    (request.botUserId !== undefined && message.user === request.botUserId) ||
    (request.botId !== undefined && message.bot_id === request.botId);
  const turns: HistoryTurn[] = [];
  for (const message of earlier) {
    const text = slackToPlainText(message.text, request.botUserId);
    if (text === "") continue;
    if (isBot(message)) turns.push({ author: "assistant", text });
    else if (message.user === request.askerId) turns.push({ author: "user", text });
    else turns.push({ author: "other", name: nameOf(message), text });
  }
  return { turns, botAnswered: messages.some(isBot) };
}

function nameOf(message: ReplyMessage): string {
  const profile = message.user_profile;
  const name = profile?.display_name || profile?.real_name || message.username;
  const id = message.user ?? message.bot_id ?? "unknown";
  return name ? `${name} (${id})` : id;
}
