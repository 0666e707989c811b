import type { Answerer } from "../answer/answerer.js";
import type { Config } from "../config/config.js";
import type { Logger } from "../logging/logger.js";
import { createFeedbackStore } from "../shared-state/feedback-file.js";
import { createMemorySeenEvents } from "../shared-state/memory-seen-events.js";
import type { FeedbackVote, SeenEvents } from "../shared-state/shared-state.js";
import { type AdmissionDependencies, admitQuestion } from "./admit-question.js";
import type { ChatCore, ChatQuestion, ChatReply, ReindexActor } from "./chat-core.js";
import { type ChatMetrics, noChatMetrics } from "./chat-metrics.js";
import type { PlatformAccess } from "./platform-access.js";
import { createQuestionRateLimiter } from "./question-rate-limiter.js";
import { configuredPlatforms, currentIndex, readStatus } from "./read-status.js";
import { createReindexRunner } from "./reindex-runner.js";
import { createReloadingAccessPolicy } from "./reloading-access-policy.js";
import { defaultIngestCommand } from "./run-ingest-process.js";

export interface ChatCoreOptions {
  config: Readonly<Config>;
  answerer: Answerer;
  logger: Logger;
  /** The chat platforms listed (src/cli/chat-platforms.ts): their sections of the access file and their rules. */
  platforms: readonly PlatformAccess[];
  /** How to run the docent CLI in a child process for reindex; default: [process.execPath, <package>/bin/docent.js]. */
  ingestCommand?: string[];
  /** Environment of the ingest process; default: this process's environment. */
  ingestEnv?: NodeJS.ProcessEnv;
  /** Where handled event ids are remembered; default: in memory, one hour. */
  seenEvents?: SeenEvents;
  /** Where feedback votes go; default: feedback.jsonl in the state folder. */
  feedback?: { record(vote: FeedbackVote): Promise<void> };
  /** Told how each question, vote and reindex went (for /metrics); default: nobody. */
  metrics?: ChatMetrics;
}

/**
 * The chat core every chat platform calls (see chat-core.ts). The access file is read here: an invalid file fails at
 * start with CONFIG_INVALID; later edits take effect without a restart (reloading-access-policy.ts).
 */
export function createChatCore(options: ChatCoreOptions): ChatCore & { close(): Promise<void> } {
  const { config, answerer } = options;
  // The caller names the component (start-command: component "chat"); a second binding would repeat the key.
  const logger = options.logger;
  const policy = createReloadingAccessPolicy(config, options.platforms, logger);
  const feedback =
    options.feedback ?? createFeedbackStore(config.chat.stateDir, { keepText: config.logContent });
  const seenEvents = options.seenEvents ?? createMemorySeenEvents();
  const metrics = options.metrics ?? noChatMetrics;
  const isAdmin = (actor: ReindexActor) =>
    policy.isAdmin(actor.platform, actor.userId, { managesServer: actor.managesServer });
  const reindexer = createReindexRunner({
    config,
    logger,
    metrics,
    ingestCommand: options.ingestCommand ?? defaultIngestCommand(),
    ingestEnv: options.ingestEnv ?? process.env,
    isAdmin,
    servedGeneration: async () => (await currentIndex(answerer))?.manifest.generation ?? null,
  });
  const admission: AdmissionDependencies = {
    answerer,
    limiter: createQuestionRateLimiter(config.chat.userQuestionsPerMinute),
    scopesFor: (asked: ChatQuestion) => policy.scopesFor(asked.conversation),
    queueLimit: config.llm.queueLimit,
    maxQuestionChars: config.chat.maxQuestionChars,
    logger,
  };
  return {
    scopesFor: (conversation) => policy.scopesFor(conversation),
    ask: (question) => askCounted(question, admission, metrics),
    status: (asker) =>
      readStatus(answerer, {
        reindexRunning: reindexer.running(),
        visibleScopes:
          asker === undefined || isAdmin({ ...asker.conversation, managesServer: asker.managesServer })
            ? null
            : policy.scopesFor(asker.conversation),
        platforms: configuredPlatforms(config),
      }),
    reindex: (actor, onProgress) => reindexer.reindex(actor, onProgress),
    recordFeedback: async (vote) => {
      await feedback.record(vote);
      metrics.feedbackVoted(vote.platform, vote.vote);
    },
    markEventSeen: (platform, eventId) => seenEvents.markSeen(`${platform}:${eventId}`),
    // A reindex still running is asked to stop and awaited, so that no ingest outlives the bot.
    close: () => reindexer.close(),
  };
}

/** A question through the gate (admit-question.ts), counted for /metrics however it ends. */
async function askCounted(
  question: ChatQuestion,
  admission: AdmissionDependencies,
  metrics: ChatMetrics,
): Promise<ChatReply> {
  const platform = question.conversation.platform;
  try {
    const reply = await admitQuestion(question, admission);
    metrics.questionFinished(platform, reply);
    return reply;
  } catch (error) {
    metrics.questionFinished(platform, null);
    throw error;
  }
}
