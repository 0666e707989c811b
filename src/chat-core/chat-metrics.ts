import type { FeedbackVote } from "../shared-state/shared-state.js";
import type { ChatReply, ReindexOutcome } from "./chat-core.js";

/** What the chat core reports as it works; createOperationsMetrics turns it into Prometheus metrics. */
export interface ChatMetrics {
  /** A chat question ended with this reply, or rejected (null). */
  questionFinished(platform: string, reply: ChatReply | null): void;
  feedbackVoted(platform: string, vote: FeedbackVote["vote"]): void;
  /** How a reindex from chat or the schedule ended (a refused one is not counted). */
  ingestFinished(outcome: Exclude<ReindexOutcome, "refused">): void;
}

/** For a chat core that nobody scrapes (tests, library use). */
export const noChatMetrics: ChatMetrics = {
  questionFinished() {},
  feedbackVoted() {},
  ingestFinished() {},
};
