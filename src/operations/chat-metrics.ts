import type { ChatReply, FeedbackVote, Platform } from "../chat/chat-core.js";
import type { IngestResult } from "./ingest-result.js";

/** What the chat core reports as it works; createOperationsMetrics turns it into Prometheus metrics. */
export interface ChatMetrics {
  /** A chat question ended with this reply, or rejected (null). */
  questionFinished(platform: Platform, reply: ChatReply | null): void;
  feedbackVoted(platform: Platform, vote: FeedbackVote["vote"]): void;
  ingestFinished(result: IngestResult): void;
}

/** For a chat core that nobody scrapes (tests, library use). */
export const noChatMetrics: ChatMetrics = {
  questionFinished() {},
  feedbackVoted() {},
  ingestFinished() {},
};
