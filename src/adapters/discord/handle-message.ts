import { ChannelType, type Message, type SendableChannels, ThreadAutoArchiveDuration } from "discord.js";
import type { Conversation } from "../../chat-core/chat-core.js";
import { hintsWhenEmpty, type MessageRoute, routeMessage } from "../../chat-core/route-message.js";
import { readMessageFacts } from "./classify-message.js";
import { deliverAnswer } from "./deliver-answer.js";
import type { AdapterContext } from "./discord-context.js";
import { roleIdsAcrossGuilds, roleIdsOf } from "./member-roles.js";
import { createMessageSurface } from "./reply-surfaces.js";
import { collectHistory, questionText } from "./thread-history.js";
import { keepTyping } from "./working-indicator.js";

/**
 * A message from the gateway becomes a question: a reply to it (or, by setting, a thread started from a mention),
 * typing while the core answers, earlier messages as history for follow-ups, role ids for role scopes.
 */
export const emptyMentionReply =
  "Mention me with a question about the company documents, and I'll answer with sources.";

export async function handleMessage(message: Message, context: AdapterContext): Promise<void> {
  const botUserId = context.client.user.id;
  const facts = readMessageFacts(message, botUserId);
  if (facts === null) return;
  const rules = { ignoreBots: context.settings.ignoreBots, answerFollowUps: true };
  const route = await routeMessage(facts, rules);
  if (route === null) return;
  if (!(await context.core.markEventSeen("discord", message.id))) return;
  const logger = context.logger.child({ messageId: message.id, channelId: message.channelId, route });
  const text = questionText(message, botUserId);
  if (text === "") {
    if (!hintsWhenEmpty(route)) return;
    await message.reply({ content: emptyMentionReply, allowedMentions: { parse: [], repliedUser: false } });
    return;
  }
  const channel = await answerChannel(message, route, context, text);
  const stopTyping = keepTyping(channel, logger);
  try {
    const [history, conversation] = await Promise.all([
      collectHistory(message, botUserId),
      describeConversation(message, context),
    ]);
    await deliverAnswer({
      core: context.core,
      logger,
      memory: context.memory,
      question: { conversation, text, history, signal: context.signal },
      surface: createMessageSurface(message, channel),
    });
  } finally {
    stopTyping();
  }
}

/** The message's channel, or a new thread from the message when asked to and possible there. */
async function answerChannel(
  message: Message,
  route: MessageRoute,
  context: AdapterContext,
  text: string,
): Promise<SendableChannels> {
  const channel = message.channel as SendableChannels;
  const threadable = channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement;
  if (route !== "mention" || !context.settings.replyInThread || !threadable) return channel;
  try {
    return await message.startThread({
      name: threadName(text),
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
    });
  } catch (error) {
    context.logger.warn(
      { err: error, channelId: channel.id },
      "discord thread not created; replying in the channel",
    );
    return channel;
  }
}

function threadName(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= 90 ? line : `${line.slice(0, 89)}…`;
}

async function describeConversation(message: Message, context: AdapterContext): Promise<Conversation> {
  const channel = message.channel;
  const isDirectMessage = channel.isDMBased();
  return {
    platform: "discord",
    channelId: channel.isThread() ? (channel.parentId ?? channel.id) : channel.id,
    isDirectMessage,
    userId: message.author.id,
    roleIds: isDirectMessage
      ? await roleIdsAcrossGuilds(context.client, message.author.id, context.logger)
      : roleIdsOf(message.member),
  };
}
