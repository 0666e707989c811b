import {
  type ActionRowBuilder,
  type ButtonBuilder,
  type ChatInputCommandInteraction,
  type Message,
  MessageFlags,
  type SendableChannels,
} from "discord.js";

/**
 * Where an answer goes, whatever asked for it: the first message (later edited as the answer grows) and further
 * messages for what does not fit. Answers never ping anyone: no @everyone, roles or users from the answer text.
 */
export type ButtonRow = ActionRowBuilder<ButtonBuilder>;

export interface ReplySurface {
  send(content: string, components: ButtonRow[]): Promise<void>;
  edit(content: string, components: ButtonRow[]): Promise<void>;
  post(content: string, components: ButtonRow[]): Promise<void>;
}

const noPings = { parse: [], repliedUser: false } as const;

/**
 * A reply to a message: in `channel` (the message's channel, or a thread started from it). Outside a new thread
 * the first message replies to the question and each further part replies to the part before it, so that a reply
 * to any part leads back through the answer to the question.
 */
export function createMessageSurface(question: Message, channel: SendableChannels): ReplySurface {
  const inPlace = channel.id === question.channelId;
  let last: Message | null = null;
  let first: Message | null = null;
  const postAfter = async (previous: Message | null, content: string, components: ButtonRow[]) => {
    const options = { content, components, allowedMentions: noPings };
    return inPlace && previous !== null ? previous.reply(options) : channel.send(options);
  };
  return {
    async send(content, components) {
      first = await postAfter(inPlace ? question : null, content, components);
      last = first;
    },
    async edit(content, components) {
      if (first === null) throw new Error("edit before send");
      await first.edit({ content, components, allowedMentions: noPings });
    },
    async post(content, components) {
      last = await postAfter(last, content, components);
    },
  };
}

/** The deferred reply of a slash command, then follow-ups with the same visibility. */
export function createInteractionSurface(
  interaction: ChatInputCommandInteraction,
  ephemeral: boolean,
): ReplySurface {
  const edit = async (content: string, components: ButtonRow[]) => {
    await interaction.editReply({ content, components, allowedMentions: noPings });
  };
  return {
    send: edit,
    edit,
    async post(content, components) {
      await interaction.followUp({
        content,
        components,
        allowedMentions: noPings,
        ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
      });
    },
  };
}
