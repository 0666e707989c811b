import { type ChatInputCommandInteraction, MessageFlags, PermissionFlagsBits } from "discord.js";
import type { ReindexProgress } from "../../chat-core/chat-core.js";
import { friendlyMessage } from "../../errors.js";
import {
  describeReindexProgress,
  describeReindexResult,
  describeStatus,
} from "../../rendering/describe-status.js";
import { splitMarkdown, withinCharacters } from "../../rendering/split-markdown.js";
import type { AdapterContext } from "./discord-context.js";
import { discordTime } from "./discord-time.js";
import { describeConversation } from "./handle-ask-command.js";
import { discordMessageLimit } from "./render-answer.js";

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
  await interaction.editReply({ content: fitOneMessage(describeStatus(status, discordTime)) });
}

export async function handleReindexCommand(
  interaction: ChatInputCommandInteraction,
  context: AdapterContext,
): Promise<void> {
  const managesServer = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  const logger = context.logger.child({ interactionId: interaction.id, userId: interaction.user.id });
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let lastEditAt = 0;
  let inFlight: Promise<unknown> | null = null;
  const onProgress = (progress: ReindexProgress) => {
    if (inFlight !== null || Date.now() - lastEditAt < progressEveryMs) return;
    lastEditAt = Date.now();
    inFlight = interaction
      .editReply({ content: describeReindexProgress(progress) })
      .catch((error: unknown) => logger.warn({ err: error }, "discord reindex progress not shown"))
      .finally(() => {
        inFlight = null;
      });
  };
  let content: string;
  try {
    const actor = { platform: "discord" as const, userId: interaction.user.id, managesServer };
    content = describeReindexResult(await context.core.reindex(actor, onProgress));
  } catch (error) {
    logger.error({ err: error }, "discord reindex failed");
    content = friendlyMessage(error);
  }
  await inFlight;
  await interaction.editReply({ content: fitOneMessage(content) });
}

function fitOneMessage(text: string): string {
  return splitMarkdown(text, withinCharacters(discordMessageLimit))[0] ?? text;
}
