import { splitMarkdown } from "../../rendering/split-markdown.js";
import { markdownToMrkdwn } from "./markdown-to-mrkdwn.js";
import { type SlackBlock, sectionBlock, sectionTextLimit } from "./render-answer.js";
import type { ReplyTarget } from "./slack-context.js";

/** A finished reply: the Markdown text, and the blocks that close its last message (sources, buttons). */
export interface FinalReply {
  markdown: string;
  extras: SlackBlock[];
}

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export const fitsOneSection = (markdown: string): boolean =>
  markdownToMrkdwn(markdown).length <= sectionTextLimit;

/** The reply as Slack messages: one section of mrkdwn each, split at Slack's limit, extras on the last. */
export function renderReply(reply: FinalReply): SlackMessage[] {
  const parts = splitMarkdown(reply.markdown.trim() || " ", fitsOneSection);
  return parts.map((part, index) => {
    const text = markdownToMrkdwn(part);
    return { text, blocks: [sectionBlock(text), ...(index === parts.length - 1 ? reply.extras : [])] };
  });
}

export async function postMessages(target: ReplyTarget, messages: readonly SlackMessage[]): Promise<void> {
  for (const message of messages) {
    await target.client.chat.postMessage({
      channel: target.channel,
      thread_ts: target.threadTs,
      text: message.text,
      blocks: message.blocks,
    });
  }
}
