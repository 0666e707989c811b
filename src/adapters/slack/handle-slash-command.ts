import type { App, RespondArguments, RespondFn } from "@slack/bolt";
import type { Conversation } from "../../chat-core/chat-core.js";
import { friendlyMessage } from "../../errors.js";
import { describeStatus } from "../../rendering/describe-status.js";
import { renderResult } from "./deliver-answer.js";
import { runReindex } from "./handle-reindex-command.js";
import { escapeMrkdwn, markdownToMrkdwn } from "./markdown-to-mrkdwn.js";
import { isSlackDirectMessage, type SlackContext } from "./slack-context.js";
import { renderReply } from "./slack-messages.js";

interface SlashCommand {
  text: string;
  user_id: string;
  channel_id: string;
  channel_name?: string;
}

/** A response_url takes five messages; an answer never needs more than four. */
const maxAnswerMessages = 4;

/**
 * The slash command (default /docent): `ask [--post] <question>`, `status`, `reindex` (admins). Every command is
 * acknowledged first, within Slack's 3 seconds; the work happens after, and its result goes to the response_url.
 */
export function registerSlashCommand(app: App, context: SlackContext): void {
  const name = context.settings.slashCommand;
  const usage =
    `Try \`${name} ask <question>\` (only you see the answer; \`${name} ask --post <question>\` shares it), ` +
    `\`${name} status\`, or \`${name} reindex\` (administrators).`;
  app.command(name, async ({ ack, command, respond, client }) => {
    const { verb, rest } = parseCommand(command.text);
    if (verb === "ask" && rest !== "" && rest !== "--post") {
      await ack();
      const post = /^--post\s/.test(rest);
      await answerCommand(context, command, respond, post ? rest.replace(/^--post\s+/, "") : rest, post);
    } else if (verb === "status") {
      await ack();
      await context.core.status({ conversation: slashConversation(command) }).then(
        (status) => respond({ response_type: "ephemeral", text: markdownToMrkdwn(describeStatus(status)) }),
        (error) => {
          context.logger.error({ err: error }, "slack status failed");
          return respond({ response_type: "ephemeral", text: friendlyMessage(error) });
        },
      );
    } else if (verb === "reindex") {
      await ack();
      await runReindex(context, { respond, client, channel: command.channel_id, userId: command.user_id });
    } else {
      await ack({ response_type: "ephemeral", text: usage });
    }
  });
}

function slashConversation(command: SlashCommand): Conversation {
  return {
    platform: "slack",
    channelId: command.channel_id,
    isDirectMessage: isSlackDirectMessage(command.channel_id, command.channel_name),
    userId: command.user_id,
  };
}

function parseCommand(text: string): { verb: string; rest: string } {
  const match = /^\s*(\S*)\s*([\s\S]*?)\s*$/.exec(text);
  return { verb: (match?.[1] ?? "").toLowerCase(), rest: match?.[2] ?? "" };
}

async function answerCommand(
  context: SlackContext,
  command: SlashCommand,
  respond: RespondFn,
  question: string,
  post: boolean,
): Promise<void> {
  const conversation = slashConversation(command);
  const visibility: RespondArguments = { response_type: post ? "in_channel" : "ephemeral" };
  let queueShown = false;
  try {
    await context.nextTurn();
    const result = await context.core.ask({
      conversation,
      text: question,
      history: [],
      signal: context.signal,
      onQueuePosition: (position) => {
        if (queueShown) return;
        queueShown = true;
        const text = `You're number ${position} in line. I'll answer as soon as I can.`;
        respond({ response_type: "ephemeral", text }).catch(() => undefined);
      },
    });
    const messages = renderReply(renderResult(result)).slice(0, maxAnswerMessages - (queueShown ? 1 : 0));
    const asked = `<@${command.user_id}> asked: ${escapeMrkdwn(question)}`;
    for (const [index, message] of messages.entries()) {
      const heading =
        post && index === 0
          ? [
              {
                type: "context" as const,
                elements: [{ type: "mrkdwn" as const, text: asked.slice(0, 3000) }],
              },
            ]
          : [];
      await respond({ ...visibility, text: message.text, blocks: [...heading, ...message.blocks] });
    }
  } catch (error) {
    context.logger.error({ err: error }, "slack slash question failed");
    await respond({ response_type: "ephemeral", text: friendlyMessage(error) }).catch(() => undefined);
  }
}
