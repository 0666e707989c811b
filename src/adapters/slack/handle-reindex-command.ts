import type { RespondFn } from "@slack/bolt";
import type { ReindexProgress } from "../../chat-core/chat-core.js";
import { friendlyMessage } from "../../errors.js";
import { describeReindexProgress, describeReindexResult } from "../../rendering/describe-status.js";
import { markdownToMrkdwn } from "./markdown-to-mrkdwn.js";
import type { SlackClient, SlackContext } from "./slack-context.js";

const progressEveryMs = 15_000;
/** A response_url takes five messages: the start, at most three progress lines, then the summary. */
const maxProgressMessages = 3;

/**
 * Asks the core to re-index for the user who sent the command (already acknowledged; the core refuses anyone but an
 * admin) and reports its start, progress and outcome through the command's response_url; when that has expired, as
 * an ephemeral message in the channel.
 */
export async function runReindex(
  context: SlackContext,
  reply: { respond: RespondFn; client: SlackClient; channel: string; userId: string },
): Promise<void> {
  const say = async (text: string) => {
    try {
      await reply.respond({ response_type: "ephemeral", text });
    } catch {
      await reply.client.chat
        .postEphemeral({ channel: reply.channel, user: reply.userId, text })
        .catch((error) => context.logger.warn({ err: error }, "could not report the re-index"));
    }
  };
  let started = false;
  let lastProgressAt = Date.now();
  let progressMessages = 0;
  const onProgress = (progress: ReindexProgress) => {
    if (!started) {
      started = true;
      void say("Re-indexing started. I'll report back here.");
      return;
    }
    if (Date.now() - lastProgressAt < progressEveryMs || progressMessages >= maxProgressMessages) return;
    lastProgressAt = Date.now();
    progressMessages++;
    void say(markdownToMrkdwn(describeReindexProgress(progress)));
  };
  try {
    const result = await context.core.reindex({ platform: "slack", userId: reply.userId }, onProgress);
    await say(markdownToMrkdwn(describeReindexResult(result)));
  } catch (error) {
    context.logger.error({ err: error }, "slack re-index failed");
    await say(friendlyMessage(error));
  }
}
