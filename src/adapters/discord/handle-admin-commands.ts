import { type ChatInputCommandInteraction, MessageFlags, PermissionFlagsBits } from "discord.js";
import { DocentError, friendlyMessage } from "../../errors.js";
import type { AdapterContext } from "./adapter-context.js";
import { formatReindexProgress, formatReindexResult, formatStatus } from "./format-status.js";
import { describeConversation } from "./handle-ask-command.js";
import { splitMessage } from "./split-message.js";

/** /status and /reindex, answered to the asker only. Who is an admin is the core's decision. */
const progressEveryMs = 2000;

export async function handleStatusCommand(
  interaction: ChatInputCommandInteraction,
  context: AdapterContext,
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const managesServer = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  const conversation = await describeConversation(interaction, context);
  const status = await context.core.status({ conversation, managesServer });
  await interaction.editReply({ content: fitOneMessage(formatStatus(status)) });
}

export async function handleReindexCommand(
  interaction: ChatInputCommandInteraction,
  context: AdapterContext,
): Promise<void> {
  const managesServer = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  const logger = context.logger.child({ interactionId: interaction.id, userId: interaction.user.id });
  if (!context.core.isAdmin("discord", interaction.user.id, { managesServer })) {
    logger.warn({ managesServer }, "discord reindex refused: not an admin");
    const refusal = new DocentError("NOT_ALLOWED", "reindex by a non-admin");
    await interaction.reply({ content: friendlyMessage(refusal), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let lastEditAt = 0;
  let inFlight: Promise<unknown> | null = null;
  const onProgress = (progress: Parameters<typeof formatReindexProgress>[0]) => {
    if (inFlight !== null || Date.now() - lastEditAt < progressEveryMs) return;
    lastEditAt = Date.now();
    inFlight = interaction
      .editReply({ content: formatReindexProgress(progress) })
      .catch((error: unknown) => logger.warn({ err: error }, "discord reindex progress not shown"))
      .finally(() => {
        inFlight = null;
      });
  };
  let content: string;
  try {
    const result = await context.core.reindex(onProgress);
    logger.info({ exitCode: result.exitCode, generation: result.generation }, "discord reindex finished");
    content = formatReindexResult(result);
  } catch (error) {
    logger.error({ err: error }, "discord reindex failed");
    content = friendlyMessage(error);
  }
  await inFlight;
  await interaction.editReply({ content: fitOneMessage(content) });
}

function fitOneMessage(text: string): string {
  return splitMessage(text)[0] ?? text;
}
