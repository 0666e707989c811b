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
  return createLocalSharedState(config.chat.stateDir, { keepText: config.logContent });
}

/** One replica's state: event ids in memory, feedback appended to a file in the state folder. */
export function createLocalSharedState(stateDir: string, options: { keepText: boolean }): SharedState {
  const file = createFeedbackStore(stateDir, options);
  return {
    seenEvents: createMemorySeenEvents(),
    feedback: { record: (vote) => file.record(vote), readAll: () => readFeedback(stateDir) },
    close: async () => {},
  };
}
