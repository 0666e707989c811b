import { type Message, MessageType } from "discord.js";

/**
 * Whether a message is for the bot, and why. The bot's own messages, system messages and (by setting) other bots'
 * are never answered. A DM or a mention is a question; so is any message in a thread the bot started, or a
 * reply to one of the bot's messages (a follow-up, answered without a mention).
 */
export type MessageRoute = "direct" | "mention" | "thread-follow-up" | "reply-follow-up";

export async function classifyMessage(
  message: Message,
  botUserId: string,
  settings: { ignoreBots: boolean },
): Promise<MessageRoute | null> {
  if (message.author.id === botUserId || message.system) return null;
  if (message.type !== MessageType.Default && message.type !== MessageType.Reply) return null;
  if ((message.author.bot || message.webhookId !== null) && settings.ignoreBots) return null;
  if (message.channel.isDMBased()) return "direct";
  if (mentionsBot(message, botUserId)) return "mention";
  if (message.channel.isThread() && message.channel.ownerId === botUserId) return "thread-follow-up";
  const referenced = await fetchReferencedMessage(message);
  return referenced?.author.id === botUserId ? "reply-follow-up" : null;
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
