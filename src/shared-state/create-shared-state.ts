import type { Config } from "../config/config.js";
import type { Logger } from "../logging/logger.js";
import { createFeedbackStore, readFeedback } from "./feedback-file.js";
import { createMemorySeenEvents } from "./memory-seen-events.js";
import type { SharedState } from "./shared-state.js";

export async function createSharedState(config: Readonly<Config>, logger: Logger): Promise<SharedState> {
  if (config.storage.databaseUrl !== undefined) {
    const { createPostgresSharedState } = await import("./postgres-shared-state.js");
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
