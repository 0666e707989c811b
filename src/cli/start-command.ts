import {
  type RunningDiscordAdapter,
  startDiscordAdapter,
} from "../adapters/discord/start-discord-adapter.js";
import { type RunningSlackAdapter, startSlackAdapter } from "../adapters/slack/start-slack-adapter.js";
import { type AnswerService, createAnswerService } from "../answer/answer-service.js";
import { createChatCore } from "../chat-core/create-chat-core.js";
import { currentIndex } from "../chat-core/read-status.js";
import type { Config } from "../config/config.js";
import { DocentError, isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import { createOperationsMetrics } from "../operations/metrics.js";
import { readinessChecks } from "../operations/readiness-checks.js";
import { startOperations } from "../operations/start-operations.js";
import { createSharedState } from "../shared-state/create-shared-state.js";
import { createCliContext } from "./cli-context.js";
import { commandName } from "./command-name.js";
import { chatInConsole } from "./console-chat.js";
import { describeSummary } from "./describe-ingest.js";
import { warnAboutFallback } from "./fallback-notice.js";
import { ingestWithProgress } from "./ingest-command.js";
import { parseCommandLine } from "./parse-command-line.js";
import { describeScopesWithoutAccess, scopesWithoutAccess } from "./scope-access.js";

/**
 * docent start (npm start): indexes the documents folder when there is no index yet, then runs every chat
 * surface whose credentials are configured (Slack, Discord, both), with the ops listener (/healthz, /readyz,
 * /metrics) and the re-ingest schedule beside them. With none, it opens the console chat and says how to connect
 * them.
 */
export async function runStartCommand(argv: string[]): Promise<number> {
  parseCommandLine("start", argv);
  const serving = (config: Readonly<Config>) => Boolean(config.slack || config.discord);
  const { config, logger, logFile } = createCliContext({}, { serving, quietAboutLogFile: true });
  if (!serving(config) && !process.stdin.isTTY) throw noPlatformError();
  const service = await createAnswerService(config, logger);
  try {
    if (await hasNoIndex(service)) {
      process.stderr.write(`No index yet: indexing the documents in ${config.docsDir} first.\n`);
      const summary = await ingestWithProgress(config, logger, { rebuild: false });
      process.stderr.write(describeSummary(summary, { wallMs: Math.round(performance.now()) }));
    }
    const trap = await describeScopeTrap(config, service);
    if (serving(config)) {
      if (trap !== null) logger.warn({ accessFile: config.chat.accessFile }, trap.replaceAll("\n", " "));
      await serveChatPlatforms(config, service, logger);
    } else {
      warnAboutFallback(service.knowledge);
      process.stdout.write(gettingStarted(service.engineId, logFile, trap));
      const maxQuestionChars = config.chat.maxQuestionChars;
      await chatInConsole(service, { scopes: undefined, topK: config.answers.topK, maxQuestionChars });
    }
    return 0;
  } finally {
    await service.close();
    // Everything docent runs has stopped; what a lost network leaves pending in the platforms' clients (a closing
    // handshake, a Web API call's retries) must not keep the process alive.
    if (config.slack || config.discord) setTimeout(() => process.exit(), 500).unref();
  }
}

/** Whether nothing was ever ingested (a damaged pointer is not nothing: the generations behind it can serve). */
async function hasNoIndex(service: AnswerService): Promise<boolean> {
  try {
    return (await service.knowledge.store.currentGeneration()) === null;
  } catch (error) {
    if (isDocentError(error, "INDEX_CORRUPT")) return false;
    throw error;
  }
}

/** A container without tokens would otherwise exit 0 at once and be restarted forever. */
function noPlatformError(): DocentError {
  return new DocentError(
    "CONFIG_INVALID",
    "No chat platform is configured, and there is no terminal for the console chat. Set SLACK_BOT_TOKEN (with " +
      "SLACK_APP_TOKEN or SLACK_SIGNING_SECRET) and/or DISCORD_TOKEN (with DISCORD_APPLICATION_ID) in .env or " +
      "the environment; to chat in a console, run `docent start` in a terminal or `docent chat`.",
  );
}

/** The scopes Slack and Discord cannot search, as a warning, or null when there are none. */
async function describeScopeTrap(config: Readonly<Config>, service: AnswerService): Promise<string | null> {
  // An index that cannot be opened at all is reported by the console's first question or by /readyz.
  const manifest = (await currentIndex(service).catch(() => null))?.manifest;
  if (manifest === undefined) return null;
  const hidden = scopesWithoutAccess(config.chat.accessFile, Object.keys(manifest.scopes));
  if (hidden.length === 0) return null;
  const documents: Record<string, number> = {};
  for (const file of Object.values(manifest.files)) documents[file.scope] = (documents[file.scope] ?? 0) + 1;
  return describeScopesWithoutAccess(hidden, documents, config.chat.accessFile);
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
  });
  let slack: RunningSlackAdapter | undefined;
  let discord: RunningDiscordAdapter | undefined;
  const adapters: Record<string, { connected(): boolean }> = {};
  if (config.slack) adapters.slack = { connected: () => slack?.connected() ?? false };
  if (config.discord) adapters.discord = { connected: () => discord?.connected() ?? false };
  try {
    await loadIndex(service, logger);
    void reportEngineReadiness(service, logger);
    const operations = await startOperations({
      settings: config.operations,
      metrics,
      checks: readinessChecks({ knowledge: service.knowledge, engine: service.engine, adapters }),
      reindex: () => core.reindex(null),
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

/** After SIGTERM or SIGINT the parts get this long to stop (each adapter bounds its own stop to a few seconds). */
const shutdownGraceMs = 8_000;

function waitForShutdownSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      // Should stopping itself hang (each adapter bounds its own stop to a few seconds), the process ends anyway.
      setTimeout(() => process.exit(), shutdownGraceMs).unref();
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

function gettingStarted(engineId: string, logFile: string | null, scopeTrap: string | null): string {
  const docent = commandName();
  const engine =
    engineId === "extractive"
      ? "Engine: none (answers quote the best passages; set LLM_PROVIDER for written answers)."
      : `Engine: ${engineId}.`;
  return [
    "docent: console chat over your documents (every scope is visible here).",
    engine,
    "Slack or Discord: set their tokens (README: Connecting Slack / Connecting Discord) and start again.",
    `Your own documents: put them in DOCENT_DOCS_DIR and run \`${docent} ingest\`; \`${docent} status\` shows what is served.`,
    ...(scopeTrap === null ? [] : [`Note: ${scopeTrap}`]),
    ...(logFile === null ? [] : [`Logs: ${logFile}`]),
    "",
  ].join("\n");
}

/**
 * Whether the language model can answer, said once at start (a model not pulled shows here, not only at the first
 * question): a warning with what fixes it, or an info line. /readyz keeps asking; this never delays the start.
 */
async function reportEngineReadiness(service: AnswerService, logger: Logger): Promise<void> {
  const engine = service.engine;
  if (engine === null || engine.checkReachable === undefined) return;
  const { reachable, detail, fix } = await engine.checkReachable();
  if (reachable) logger.info({ engine: engine.id, detail }, "language model ready");
  else logger.warn({ engine: engine.id, detail, fix }, `language model not ready: ${detail}`);
}
