import type { RespondFn } from "@slack/bolt";
import type { ReindexProgress } from "../../chat-core/chat-core.js";
import { friendlyMessage } from "../../errors.js";
import type { SlackClient, SlackContext } from "./slack-context.js";
import { describeReindex } from "./status-text.js";

const progressEveryMs = 15_000;
/** A response_url takes five messages: at most three progress lines, then the summary. */
const maxProgressMessages = 3;

/**
 * Runs the core's re-index for an admin (the command was already acknowledged) and reports progress and the summary
 * through the command's response_url; when that has expired, as an ephemeral message in the channel.
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
  let lastProgressAt = Date.now();
  let progressMessages = 0;
  const onProgress = (progress: ReindexProgress) => {
    if (Date.now() - lastProgressAt < progressEveryMs || progressMessages >= maxProgressMessages) return;
    lastProgressAt = Date.now();
    progressMessages++;
    void say(`Re-indexing: ${progress.stage} ${progress.done}/${progress.total}`);
  };
  try {
    const result = await context.core.reindex(onProgress);
    context.logger.info(
      { exitCode: result.exitCode, generation: result.generation },
      "slack re-index finished",
    );
    await say(describeReindex(result));
  } catch (error) {
    context.logger.error({ err: error }, "slack re-index failed");
    await say(friendlyMessage(error));
  }
}
