import { cleanContent, type Message } from "discord.js";
import type { HistoryTurn } from "../../answer/answer-types.js";
import { fetchReferencedMessage } from "./classify-message.js";
import { stripSources } from "./render-answer.js";

/**
 * The conversation before a follow-up, oldest first: the earlier messages of a thread the bot started (from the
 * message that started it), or the chain of replies that leads to this message. The asker's messages are "user",
 * the bot's "assistant" (without the sources list), anyone else's "other" with their name. The core trims the
 * history to its token budget; this only bounds how much is fetched.
 */
const mostMessages = 20;

export async function collectHistory(message: Message, botUserId: string): Promise<HistoryTurn[]> {
  const earlier = await earlierMessages(message, botUserId);
  return earlier
    .map((earlierMessage) => toTurn(earlierMessage, message.author.id, botUserId))
    .filter((turn) => turn.text !== "");
}

async function earlierMessages(message: Message, botUserId: string): Promise<Message[]> {
  const channel = message.channel;
  if (channel.isThread() && channel.ownerId === botUserId) {
    const [starter, messages] = await Promise.all([
      channel.fetchStarterMessage().catch(() => null),
      channel.messages.fetch({ before: message.id, limit: mostMessages }),
    ]);
    const inThread = [...messages.values()].sort(
      (left, right) => left.createdTimestamp - right.createdTimestamp,
    );
    return starter === null ? inThread : [starter, ...inThread];
  }
  const chain: Message[] = [];
  for (
    let current = await fetchReferencedMessage(message);
    current !== null && chain.length < mostMessages;
  ) {
    chain.unshift(current);
    current = await fetchReferencedMessage(current);
  }
  return chain;
}

function toTurn(message: Message, askerId: string, botUserId: string): HistoryTurn {
  if (message.author.id === botUserId) return { author: "assistant", text: stripSources(message.content) };
  const text = questionText(message, botUserId);
  if (message.author.id === askerId) return { author: "user", text };
  return { author: "other", name: message.member?.displayName ?? message.author.displayName, text };
}

/** What someone asked: the message without the mention of the bot, other mentions as names. */
export function questionText(message: Message, botUserId: string): string {
  const botRoleId = message.guild?.members.me?.roles.botRole?.id;
  let text = message.content.replace(new RegExp(`<@!?${botUserId}>`, "g"), "");
  if (botRoleId !== undefined) text = text.replaceAll(`<@&${botRoleId}>`, "");
  return cleanContent(text, message.channel).trim();
}
