import type { Logger } from "../../logging/logger.js";
import { type ReplyTarget, type SlackContext, slackErrorCode } from "./slack-context.js";

export interface WorkingIndicator {
  start(): Promise<void>;
  /** Shows a queue position in the status; false when there is no status to show it in. */
  showQueuePosition(position: number): boolean;
  stop(): Promise<void>;
}

const reaction = "hourglass_flowing_sand";
const workingStatus = "is looking through the documents…";

/**
 * While an answer is being written: the thread's status (assistant.threads.setStatus, which needs only chat:write)
 * when the reply is threaded and the workspace allows it, else a reaction on the question that is removed after.
 */
export function createWorkingIndicator(
  target: ReplyTarget,
  context: SlackContext,
  logger: Logger,
): WorkingIndicator {
  const { client, channel, threadTs } = target;
  let mode: "status" | "reaction" | "none" = "none";
  let statusCalls: Promise<unknown> = Promise.resolve();

  const setStatus = (status: string) =>
    client.assistant.threads.setStatus({
      channel_id: channel,
      thread_ts: threadTs ?? target.messageTs,
      status,
    });

  return {
    async start() {
      if (threadTs !== undefined && context.support.threadStatus) {
        try {
          await setStatus(workingStatus);
          mode = "status";
          return;
        } catch (error) {
          const code = slackErrorCode(error);
          if (code !== undefined && code !== "ratelimited") context.support.threadStatus = false;
          logger.info({ error: code }, "slack thread status unavailable; using a reaction");
        }
      }
      try {
        await client.reactions.add({ channel, timestamp: target.messageTs, name: reaction });
        mode = "reaction";
      } catch (error) {
        logger.warn({ error: slackErrorCode(error) }, "could not add the working reaction");
      }
    },
    showQueuePosition(position) {
      if (mode !== "status") return false;
      statusCalls = statusCalls
        .then(() => setStatus(`is waiting in line (number ${position})…`))
        .catch((error) => logger.warn({ error: slackErrorCode(error) }, "could not show the queue position"));
      return true;
    },
    async stop() {
      try {
        if (mode === "status") {
          await statusCalls;
          await setStatus("");
        } else if (mode === "reaction") {
          await client.reactions.remove({ channel, timestamp: target.messageTs, name: reaction });
        }
      } catch (error) {
        logger.warn({ error: slackErrorCode(error) }, "could not clear the working indicator");
      }
    },
  };
}
