import { type ChatInputCommandInteraction, MessageFlags } from "discord.js";
import type { Conversation } from "../../chat-core/chat-core.js";
import { deliverAnswer } from "./deliver-answer.js";
import type { AdapterContext } from "./discord-context.js";
import { roleIdsAcrossGuilds, roleIdsOf } from "./member-roles.js";
import { createInteractionSurface } from "./reply-surfaces.js";

/**
 * /ask question [post]: deferred at once (Discord allows 3 seconds), then the deferred reply is edited as the
 * answer streams. Only the asker sees it unless `post` is set.
 */
export async function handleAskCommand(
  interaction: ChatInputCommandInteraction,
  context: AdapterContext,
): Promise<void> {
  const ephemeral = interaction.options.getBoolean("post") !== true;
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const text = interaction.options.getString("question", true).trim();
  await deliverAnswer({
    core: context.core,
    logger: context.logger.child({ interactionId: interaction.id, channelId: interaction.channelId }),
    memory: context.memory,
    question: {
      conversation: await describeConversation(interaction, context),
      text,
      history: [],
      signal: context.signal,
    },
    surface: createInteractionSurface(interaction, ephemeral),
  });
}

/** Where an interaction happened and who asked, as the core's access decisions need it. */
export async function describeConversation(
  interaction: ChatInputCommandInteraction,
  context: AdapterContext,
): Promise<Conversation> {
  const channel = interaction.channel;
  const isDirectMessage = !interaction.inGuild();
  return {
    platform: "discord",
    channelId: channel?.isThread() ? (channel.parentId ?? interaction.channelId) : interaction.channelId,
    isDirectMessage,
    userId: interaction.user.id,
    roleIds: isDirectMessage
      ? await roleIdsAcrossGuilds(context.client, interaction.user.id, context.logger)
      : roleIdsOf(interaction.member),
  };
}
