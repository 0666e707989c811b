import { type Message, MessageType } from "discord.js";
import type { MessageFacts } from "../../chat-core/route-message.js";

/**
 * A gateway message as the core's routing rules read it (src/chat-core/route-message.ts), or null when it is not a
 * person's message at all: the bot's own, a system message, or a type other than a plain message or a reply.
 * It follows one of the bot's answers when it is in a thread the bot started or replies to one of its messages.
 */
export function readMessageFacts(message: Message, botUserId: string): MessageFacts | null {
  if (message.author.id === botUserId || message.system) return null;
  if (message.type !== MessageType.Default && message.type !== MessageType.Reply) return null;
  return {
    fromOtherBot: message.author.bot || message.webhookId !== null,
    isDirectMessage: message.channel.isDMBased(),
    mentionsBot: mentionsBot(message, botUserId),
    followsBotAnswer: async () => {
      if (message.channel.isThread() && message.channel.ownerId === botUserId) return true;
      return (await fetchReferencedMessage(message))?.author.id === botUserId;
    },
  };
}

/** A mention of the bot user, or of the role Discord gives the bot (what "@docent" sometimes completes to). */
export function mentionsBot(message: Message, botUserId: string): boolean {
  if (message.mentions.users.has(botUserId) && message.content.includes(botUserId)) return true;
  const botRoleId = message.guild?.members.me?.roles.botRole?.id;
  return botRoleId !== undefined && message.mentions.roles.has(botRoleId);
}

/** The message this one replies to: from the cache (Discord sends it along), else fetched; null when gone. */
export async function fetchReferencedMessage(message: Message): Promise<Message | null> {
  const referencedId = message.reference?.messageId;
  if (referencedId === undefined || message.reference?.channelId !== message.channelId) return null;
  const cached = message.channel.messages.cache.get(referencedId);
  if (cached !== undefined) return cached;
  try {
    return await message.fetchReference();
  } catch {
    return null;
  }
}
