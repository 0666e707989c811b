import { type AnswerService, createAnswerService } from "../answer/answer-service.js";
import { currentIndex } from "../chat-core/read-status.js";
import type { Config } from "../config/config.js";
import { DocentError, isDocentError } from "../errors.js";
import type { ChatPlatform } from "../platforms/chat-platform.js";
import { joinTitles } from "../platforms/platform-titles.js";
import { chatPlatforms } from "./chat-platforms.js";
import { createCliContext } from "./cli-context.js";
import { commandName } from "./command-name.js";
import { chatInConsole } from "./console-chat.js";
import { describeSummary } from "./describe-ingest.js";
import { warnAboutFallback } from "./fallback-notice.js";
import { ingestWithProgress } from "./ingest-command.js";
import { parseCommandLine } from "./parse-command-line.js";
import { describeScopesWithoutAccess, scopesWithoutAccess } from "./scope-access.js";
import { serveChatPlatforms } from "./serve-chat-platforms.js";

/**
 * docent start (npm start): indexes the documents folder when there is no index yet, then runs every listed chat
 * platform whose credentials are configured (chat-platforms.ts: Slack, Discord), with the ops listener (/healthz,
 * /readyz, /metrics) and the re-ingest schedule beside them (serve-chat-platforms.ts). With none, it opens the
 * console chat and says how to connect them.
 */
export async function runStartCommand(
  argv: string[],
  platforms: readonly ChatPlatform[] = chatPlatforms,
): Promise<number> {
  parseCommandLine("start", argv);
  const serving = (config: Readonly<Config>) => Object.keys(config.platforms).length > 0;
  const { config, logger, logFile } = createCliContext({}, { serving, quietAboutLogFile: true, platforms });
  if (!serving(config) && !process.stdin.isTTY) throw noPlatformError(platforms);
  const service = await createAnswerService(config, logger);
  try {
    if (await hasNoIndex(service)) {
      process.stderr.write(`No index yet: indexing the documents in ${config.docsDir} first.\n`);
      const summary = await ingestWithProgress(config, logger, { rebuild: false });
      process.stderr.write(describeSummary(summary, { wallMs: Math.round(performance.now()) }));
    }
    const trap = await describeScopeTrap(config, service, platforms);
    if (serving(config)) {
      if (trap !== null) logger.warn({ accessFile: config.chat.accessFile }, trap.replaceAll("\n", " "));
      const running = await serveChatPlatforms({ config, service, logger, platforms });
      await waitForShutdownSignal();
      logger.info({}, "shutting down");
      await running.stop();
    } else {
      warnAboutFallback(service.knowledge);
      process.stdout.write(gettingStarted(service.engineId, logFile, trap, platforms));
      const maxQuestionChars = config.chat.maxQuestionChars;
      await chatInConsole(service, { scopes: undefined, topK: config.answers.topK, maxQuestionChars });
    }
    return 0;
  } finally {
    await service.close();
    // Everything docent runs has stopped; what a lost network leaves pending in the platforms' clients (a closing
    // handshake, a Web API call's retries) must not keep the process alive.
    if (serving(config)) setTimeout(() => process.exit(), 500).unref();
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
function noPlatformError(platforms: readonly ChatPlatform[]): DocentError {
  const settings = platforms.map((platform) => platform.configuredBy).join(" and/or ");
  return new DocentError(
    "CONFIG_INVALID",
    `No chat platform is configured, and there is no terminal for the console chat. Set ${settings} in .env or ` +
      "the environment; to chat in a console, run `docent start` in a terminal or `docent chat`.",
  );
}

/** The scopes no chat conversation can search, as a warning, or null when there are none. */
async function describeScopeTrap(
  config: Readonly<Config>,
  service: AnswerService,
  platforms: readonly ChatPlatform[],
): Promise<string | null> {
  // An index that cannot be opened at all is reported by the console's first question or by /readyz.
  const manifest = (await currentIndex(service).catch(() => null))?.manifest;
  if (manifest === undefined) return null;
  const hidden = scopesWithoutAccess(config.chat.accessFile, Object.keys(manifest.scopes), platforms);
  if (hidden.length === 0) return null;
  const documents: Record<string, number> = {};
  for (const file of Object.values(manifest.files)) documents[file.scope] = (documents[file.scope] ?? 0) + 1;
  return describeScopesWithoutAccess(hidden, documents, config.chat.accessFile, platforms);
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

function gettingStarted(
  engineId: string,
  logFile: string | null,
  scopeTrap: string | null,
  platforms: readonly ChatPlatform[],
): string {
  const docent = commandName();
  const engine =
    engineId === "extractive"
      ? "Engine: none (answers quote the best passages; set LLM_PROVIDER for written answers)."
      : `Engine: ${engineId}.`;
  return [
    "docent: console chat over your documents (every scope is visible here).",
    engine,
    `${joinTitles(platforms, "or")}: set their tokens (README: ` +
      `${platforms.map((platform) => `Connecting ${platform.title}`).join(" / ")}) and start again.`,
    `Your own documents: put them in DOCENT_DOCS_DIR and run \`${docent} ingest\`; \`${docent} status\` shows what is served.`,
    ...(scopeTrap === null ? [] : [`Note: ${scopeTrap}`]),
    ...(logFile === null ? [] : [`Logs: ${logFile}`]),
    "",
  ].join("\n");
}
