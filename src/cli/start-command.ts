import {
  type RunningDiscordAdapter,
  startDiscordAdapter,
} from "../adapters/discord/start-discord-adapter.js";
import { type RunningSlackAdapter, startSlackAdapter } from "../adapters/slack/start-slack-adapter.js";
import { type AnswerService, createAnswerService } from "../app/create-answer-service.js";
import { createSharedState } from "../app/create-shared-state.js";
import { createChatCore } from "../chat/create-chat-core.js";
import type { Config } from "../config/config.js";
import { isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import { createOperationsMetrics } from "../operations/metrics.js";
import { readinessChecks } from "../operations/readiness-checks.js";
import { startOperations } from "../operations/start-operations.js";
import { chatInConsole } from "./chat-command.js";
import { createCliContext } from "./cli-context.js";
import { describeSummary, ingestWithProgress } from "./ingest-command.js";
import { parseCommandLine } from "./parse-command-line.js";

/**
 * docent start (npm start): indexes the documents folder when there is no index yet, then runs every chat
 * surface whose credentials are configured (Slack, Discord, both), with the ops listener (/healthz, /readyz,
 * /metrics) and the re-ingest schedule beside them. With none, it opens the console chat and says how to connect
 * them.
 */
export async function runStartCommand(argv: string[]): Promise<number> {
  parseCommandLine("start", argv);
  const { config, logger } = createCliContext({}, "info");
  const service = await createAnswerService(config, logger);
  try {
    if ((await service.knowledge.store.currentGeneration()) === null) {
      process.stderr.write(`No index yet: indexing the documents in ${config.docsDir} first.\n`);
      const summary = await ingestWithProgress(config, logger, { rebuild: false });
      process.stderr.write(describeSummary(summary));
    }
    if (config.slack || config.discord) await serveChatPlatforms(config, service, logger);
    else {
      process.stdout.write(gettingStarted(service.engineId));
      await chatInConsole(service, undefined);
    }
    return 0;
  } finally {
    await service.close();
  }
}

async function serveChatPlatforms(config: Readonly<Config>, service: AnswerService, logger: Logger) {
  const state = await createSharedState(config, logger.child({ component: "state" }));
  const metrics = createOperationsMetrics({ knowledge: service.knowledge, engine: service.engine });
  const core = createChatCore({
    config,
    service,
    logger: logger.child({ component: "chat" }),
    seenEvents: state.seenEvents,
    feedback: state.feedback,
    metrics,
  });
  const running: Array<{ stop(): Promise<void> }> = [];
  const adapterOptions = (component: string) => ({
    core,
    logger: logger.child({ component }),
    logContent: config.logContent,
  });
  let slack: RunningSlackAdapter | undefined;
  let discord: RunningDiscordAdapter | undefined;
  const adapters: Record<string, { connected(): boolean }> = {};
  if (config.slack) adapters.slack = { connected: () => slack?.connected() ?? false };
  if (config.discord) adapters.discord = { connected: () => discord?.connected() ?? false };
  try {
    await loadIndex(service, logger);
    const operations = await startOperations({
      settings: config.operations,
      metrics,
      checks: readinessChecks({ knowledge: service.knowledge, engine: service.engine, adapters }),
      reindex: () => core.reindex(),
      logger: logger.child({ component: "operations" }),
    });
    running.push(operations);
    if (config.slack) {
      slack = await startSlackAdapter({ settings: config.slack, ...adapterOptions("slack") });
      running.push(slack);
    }
    if (config.discord) {
      discord = await startDiscordAdapter({ settings: config.discord, ...adapterOptions("discord") });
      running.push(discord);
    }
    const surfaces = {
      slack: Boolean(config.slack),
      slackPort: slack?.port ?? null,
      discord: Boolean(config.discord),
    };
    logger.info(
      {
        ...surfaces,
        opsPort: operations.port,
        reingestSchedule: config.operations.reingestSchedule ?? null,
        engine: service.engineId,
      },
      "docent is running",
    );
    await waitForShutdownSignal();
    logger.info({}, "shutting down");
  } finally {
    await Promise.allSettled(running.map((part) => part.stop()));
    await core.close();
    await state.close();
  }
}

/** Loads the current index before serving, so the first question and /readyz need not wait for it. */
async function loadIndex(service: AnswerService, logger: Logger): Promise<void> {
  try {
    await service.knowledge.current();
  } catch (error) {
    const code = isDocentError(error) ? error.code : "INTERNAL";
    logger.warn({ err: error, code }, "the index could not be loaded; /readyz reports it until it can");
  }
}

function waitForShutdownSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

function gettingStarted(engineId: string): string {
  const engine =
    engineId === "extractive"
      ? "No language model is configured, so answers quote the best-matching passages. Set LLM_PROVIDER " +
        "(ollama, openai-compatible, llamacpp, openai or anthropic) to get written answers."
      : `Answering with ${engineId}.`;
  return [
    "docent: console chat over your documents (every scope is visible here).",
    engine,
    "To run in Slack or Discord, set SLACK_BOT_TOKEN (+ SLACK_APP_TOKEN or SLACK_SIGNING_SECRET) or DISCORD_TOKEN",
    "(+ DISCORD_APPLICATION_ID) and start again; README.md explains each step.",
    "Put your own documents in DOCENT_DOCS_DIR and run `docent ingest` to index them.",
    "",
  ].join("\n");
}
