import type { FeedbackVote } from "../chat/chat-core.js";
import { createFeedbackStore, type FeedbackRecord, readFeedback } from "../chat/feedback-store.js";
import { createMemorySeenEvents, type SeenEvents } from "../chat/seen-events.js";
import type { Config } from "../config/config.js";
import type { Logger } from "../logging/logger.js";

/**
 * The state a bot keeps besides the index: event ids already handled (platform retries answered once) and
 * feedback votes. One replica keeps them in memory and in the state folder; with DATABASE_URL they live in
 * PostgreSQL, so that replicas behind a load balancer share them (a retry landing on another replica is still
 * answered once).
 */
export interface SharedState {
  readonly seenEvents: SeenEvents;
  readonly feedback: FeedbackStore;
  close(): Promise<void>;
}

export interface FeedbackStore {
  record(vote: FeedbackVote): Promise<void>;
  /** Every vote, oldest first; skippedLines counts stored records that could not be read. */
  readAll(): Promise<{ records: FeedbackRecord[]; skippedLines: number }>;
}

export async function createSharedState(config: Readonly<Config>, logger: Logger): Promise<SharedState> {
  if (config.storage.databaseUrl !== undefined) {
    const { createPostgresSharedState } = await import("../database/postgres-shared-state.js");
    return createPostgresSharedState({
      url: config.storage.databaseUrl,
      schema: config.storage.databaseSchema,
      keepText: config.logContent,
      logger,
    });
  }
  const file = createFeedbackStore(config.chat.stateDir, { keepText: config.logContent });
  return {
    seenEvents: createMemorySeenEvents(),
    feedback: { record: (vote) => file.record(vote), readAll: () => readFeedback(config.chat.stateDir) },
    close: async () => {},
  };
}
