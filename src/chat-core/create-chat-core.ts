import type { AnswerService } from "../answer/answer-service.js";
import type { Config } from "../config/config.js";
import { DocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import { createFeedbackStore } from "../shared-state/feedback-file.js";
import { createMemorySeenEvents } from "../shared-state/memory-seen-events.js";
import type { FeedbackVote, SeenEvents } from "../shared-state/shared-state.js";
import { answerChatQuestion } from "./answer-chat-question.js";
import type {
  ChatCore,
  ChatQuestion,
  ChatReply,
  ReindexActor,
  ReindexOutcome,
  ReindexProgress,
  ReindexResult,
} from "./chat-core.js";
import { type ChatMetrics, noChatMetrics } from "./chat-metrics.js";
import type { PlatformAccess } from "./platform-access.js";
import { createQuestionRateLimiter } from "./question-rate-limiter.js";
import { configuredPlatforms, currentIndex, readStatus } from "./read-status.js";
import { createReloadingAccessPolicy } from "./reloading-access-policy.js";
import { defaultIngestCommand, runIngestProcess } from "./run-ingest-process.js";

export interface ChatCoreOptions {
  config: Readonly<Config>;
  service: AnswerService;
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
  const { config, service } = options;
  // The caller names the component (start-command: component "chat"); a second binding would repeat the key.
  const logger = options.logger;
  const policy = createReloadingAccessPolicy(config, options.platforms, logger);
  const limiter = createQuestionRateLimiter(config.chat.userQuestionsPerMinute);
  const feedback =
    options.feedback ?? createFeedbackStore(config.chat.stateDir, { keepText: config.logContent });
  const seenEvents = options.seenEvents ?? createMemorySeenEvents();
  const ingestCommand = options.ingestCommand ?? defaultIngestCommand();
  const metrics = options.metrics ?? noChatMetrics;
  let reindexRunning = false;
  let running: Promise<unknown> | null = null;
  const stopping = new AbortController();

  function reindex(
    actor: ReindexActor | null,
    onProgress?: (progress: ReindexProgress) => void,
  ): Promise<ReindexResult> {
    const run = runReindex(actor, onProgress);
    running = run.catch(() => undefined);
    return run;
  }

  async function runReindex(
    actor: ReindexActor | null,
    onProgress?: (progress: ReindexProgress) => void,
  ): Promise<ReindexResult> {
    if (stopping.signal.aborted) {
      throw new DocentError("CANCELLED", "The bot is shutting down; no reindex is started.");
    }
    // Nothing is awaited before the running flag is set: a second call in the same tick must see it.
    if (actor !== null && !isAdmin(actor)) {
      logger.warn({ platform: actor.platform, userId: actor.userId }, "reindex refused: not an admin");
      return { outcome: "refused", summary: null, generation: await servedGeneration() };
    }
    if (reindexRunning) {
      metrics.ingestFinished("locked");
      logger.info({}, "reindex skipped: one started from chat or the schedule is already running");
      return { outcome: "locked", summary: null, generation: await servedGeneration() };
    }
    reindexRunning = true;
    try {
      const run = await runIngestProcess({
        command: ingestCommand,
        // An operator's DOCENT_DOCS_DIR is passed on (and must be the index's folder); without one, the child
        // updates the index from the folder it was built from, as a plain `docent ingest` does.
        docsDir: config.docsDirChosen ? config.docsDir : null,
        indexDir: config.indexDir,
        env: options.ingestEnv ?? process.env,
        onProgress,
        onOutput: (lines) => {
          if (lines.length > 0) logger.warn({ lines }, "ingest process output");
        },
        signal: stopping.signal,
      }).catch((error: unknown) => {
        metrics.ingestFinished("failed"); // the child could not be started at all
        throw error;
      });
      const outcome = reindexOutcome(run.exitCode);
      metrics.ingestFinished(outcome);
      // On success the new generation is loaded now rather than at the next question; on failure the old one stays.
      const generation = await servedGeneration();
      const result: ReindexResult = { outcome, summary: run.summary, generation };
      const failure = run.failure;
      const fields = { outcome, generation, failed: run.summary?.failed.length, failure: failure?.code };
      if (failure === undefined) logger.info(fields, "reindex finished");
      else {
        // The admin's reply names only the kind of failure; the reason, with paths and codes, is for the log.
        result.failure = failure;
        logger.warn({ ...fields, failureKind: failure.kind, reason: failure.message }, "reindex finished");
      }
      return result;
    } finally {
      reindexRunning = false;
    }
  }

  async function servedGeneration(): Promise<string | null> {
    return (await currentIndex(service))?.manifest.generation ?? null;
  }

  function isAdmin(actor: ReindexActor): boolean {
    return policy.isAdmin(actor.platform, actor.userId, { managesServer: actor.managesServer });
  }

  async function ask(question: ChatQuestion): Promise<ChatReply> {
    const dependencies = {
      service,
      limiter,
      scopesFor: (asked: ChatQuestion) => policy.scopesFor(asked.conversation),
      queueLimit: config.llm.queueLimit,
      maxQuestionChars: config.chat.maxQuestionChars,
      logger,
    };
    const platform = question.conversation.platform;
    try {
      const reply = await answerChatQuestion(question, dependencies);
      metrics.questionFinished(platform, reply);
      return reply;
    } catch (error) {
      metrics.questionFinished(platform, null);
      throw error;
    }
  }

  return {
    scopesFor: (conversation) => policy.scopesFor(conversation),
    ask,
    status: (asker) =>
      readStatus(service, {
        reindexRunning,
        visibleScopes:
          asker === undefined || isAdmin({ ...asker.conversation, managesServer: asker.managesServer })
            ? null
            : policy.scopesFor(asker.conversation),
        platforms: configuredPlatforms(config),
      }),
    reindex,
    recordFeedback: async (vote) => {
      await feedback.record(vote);
      metrics.feedbackVoted(vote.platform, vote.vote);
    },
    markEventSeen: (platform, eventId) => seenEvents.markSeen(`${platform}:${eventId}`),
    async close() {
      // A reindex still running is asked to stop (it cancels; the current generation stays) and awaited, so that
      // no ingest outlives the bot.
      stopping.abort();
      await running;
    },
  };
}

/** The ingest CLI's exit status, read once: 0 all ingested, 2 some files failed, 3 another run held the lock. */
function reindexOutcome(exitCode: number): Exclude<ReindexOutcome, "refused"> {
  if (exitCode === 0) return "done";
  if (exitCode === 2) return "partial";
  if (exitCode === 3) return "locked";
  return "failed";
}
