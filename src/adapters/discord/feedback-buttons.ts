import {
  ActionRowBuilder,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  MessageFlags,
} from "discord.js";
import type { ChatCore } from "../../chat-core/chat-core.js";
import type { Logger } from "../../logging/logger.js";

/**
 * Helpful / Not helpful under an answer. A button's custom id (at most 100 characters) carries the vote and the
 * answer's ids; the cited sources and the question stay in a bounded memory, since they don't fit in the id.
 */
const prefix = "docent-feedback";
const customIdLimit = 100;

export interface AnswerRecord {
  questionId: string;
  sources: readonly string[];
  questionText: string;
}

export interface AnswerMemory {
  remember(answerId: string, record: AnswerRecord): void;
  recall(answerId: string): AnswerRecord | undefined;
}

export function createAnswerMemory(limit = 1000): AnswerMemory {
  const records = new Map<string, AnswerRecord>();
  return {
    remember(answerId, record) {
      records.set(answerId, record);
      const oldest = records.keys().next();
      if (records.size > limit && !oldest.done) records.delete(oldest.value);
    },
    recall: (answerId) => records.get(answerId),
  };
}

export function buildFeedbackRow(questionId: string, answerId: string): ActionRowBuilder<ButtonBuilder> {
  const button = (vote: "helpful" | "not-helpful", label: string, style: ButtonStyle) =>
    new ButtonBuilder()
      .setCustomId(feedbackId(vote, questionId, answerId))
      .setLabel(label)
      .setStyle(style);
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    button("helpful", "Helpful", ButtonStyle.Success),
    button("not-helpful", "Not helpful", ButtonStyle.Secondary),
  );
}

function feedbackId(vote: string, questionId: string, answerId: string): string {
  const full = `${prefix}:${vote}:${answerId}:${questionId}`;
  return full.length <= customIdLimit ? full : `${prefix}:${vote}:${answerId}`.slice(0, customIdLimit);
}

export function isFeedbackButton(customId: string): boolean {
  return customId.startsWith(`${prefix}:`);
}

export async function recordFeedbackVote(
  interaction: ButtonInteraction,
  dependencies: { core: ChatCore; memory: AnswerMemory; logger: Logger },
): Promise<void> {
  const [, vote, answerId = "", questionId] = interaction.customId.split(":");
  if (vote !== "helpful" && vote !== "not-helpful") return;
  const record = dependencies.memory.recall(answerId);
  await dependencies.core.recordFeedback({
    platform: "discord",
    questionId: questionId ?? record?.questionId ?? answerId,
    answerId,
    userId: interaction.user.id,
    vote,
    sources: record?.sources ?? [],
    ...(record !== undefined ? { questionText: record.questionText } : {}),
  });
  dependencies.logger.info({ answerId, userId: interaction.user.id, vote }, "feedback recorded");
  await interaction.reply({ content: "Thanks for the feedback.", flags: MessageFlags.Ephemeral });
}
