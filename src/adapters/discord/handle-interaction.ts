import { type Interaction, MessageFlags, type RepliableInteraction } from "discord.js";
import { friendlyMessage } from "../../errors.js";
import type { AdapterContext } from "./discord-context.js";
import { isFeedbackButton, recordFeedbackVote } from "./feedback-buttons.js";
import { handleReindexCommand, handleStatusCommand } from "./handle-admin-commands.js";
import { handleAskCommand } from "./handle-ask-command.js";

/** Slash commands and feedback buttons, each to its handler; a failure becomes a fixed sentence to the asker. */
export async function handleInteraction(interaction: Interaction, context: AdapterContext): Promise<void> {
  if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
  if (!(await context.core.markEventSeen("discord", interaction.id))) return;
  try {
    if (interaction.isButton()) {
      if (isFeedbackButton(interaction.customId)) await recordFeedbackVote(interaction, context);
      return;
    }
    if (interaction.commandName === "ask") await handleAskCommand(interaction, context);
    else if (interaction.commandName === "status") await handleStatusCommand(interaction, context);
    else if (interaction.commandName === "reindex") await handleReindexCommand(interaction, context);
  } catch (error) {
    context.logger.error({ err: error, interactionId: interaction.id }, "discord interaction failed");
    await tellFailure(interaction, friendlyMessage(error)).catch((replyError: unknown) =>
      context.logger.error({ err: replyError }, "discord failure notice could not be posted"),
    );
  }
}

async function tellFailure(interaction: RepliableInteraction, content: string): Promise<void> {
  if (interaction.deferred || interaction.replied) await interaction.editReply({ content, components: [] });
  else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
}
