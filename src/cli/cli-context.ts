import { type Config, type ConfigOverrides, loadConfig } from "../config/config.js";
import { type LogFileDestination, openLogFile } from "../logging/log-file.js";
import { createLogger, type Logger } from "../logging/logger.js";
import type { ChatPlatform } from "../platforms/chat-platform.js";
import { chatPlatforms } from "./chat-platforms.js";
import { checkIndexFolder } from "./check-folders.js";
import { routeConsoleToLogger } from "./route-console.js";

/** What every command needs: the configuration (flags win over the environment) and a logger. */
export interface CliContext {
  config: Readonly<Config>;
  logger: Logger;
  /** The file logs go to (a command in a terminal), or null when they go to standard error. */
  logFile: string | null;
}

export interface CliContextOptions {
  /**
   * Whether this run serves a chat platform (docent start with one configured): it then logs at info, to
   * standard error, as a service does. A command in a terminal logs at info to its log file; every other run logs
   * warnings and errors, unless LOG_LEVEL says otherwise.
   */
  serving?: (config: Readonly<Config>) => boolean;
  /** Say nothing on exit about warnings logged to the file (the console chat names the file at its start). */
  quietAboutLogFile?: boolean;
  /** false for the commands that never open the index (feedback). */
  usesIndex?: boolean;
  /** The chat platforms whose variables are read; default: the listed ones (chat-platforms.ts). */
  platforms?: readonly ChatPlatform[];
}

/**
 * The configuration and the logger. In a terminal, logs go to a file (DOCENT_LOG_FILE, default docent.log in the
 * state folder) so that the screen shows only the command's output, with one line at the end when warnings were
 * logged; elsewhere (pipes, containers, services) they are JSON lines on standard error. Standard output holds only
 * the command's own output: third-party libraries' console output is routed to the logger.
 */
export function createCliContext(overrides: ConfigOverrides, options: CliContextOptions = {}): CliContext {
  const flags = withoutUndefined(overrides);
  const platforms = options.platforms ?? chatPlatforms;
  let config = loadConfig({ overrides: flags, defaults: { LOG_LEVEL: "warn" }, platforms });
  if (options.usesIndex !== false) checkIndexFolder(config);
  const serving = options.serving?.(config) ?? false;
  const toFile = !serving && process.stderr.isTTY === true && config.logFile !== null;
  // A service logs at info; so does the log file of a command in a terminal, which clutters no screen: its
  // per-question lines ("question answered", with outcome and timings) are what the file is read for.
  if (serving || toFile)
    config = loadConfig({ overrides: flags, defaults: { LOG_LEVEL: "info" }, platforms });
  const file = toFile && config.logFile !== null ? openLogFile(config.logFile) : null;
  const logger = createLogger({ level: config.logLevel, ...(file ? { destination: file } : {}) });
  routeConsoleToLogger(logger.child({ component: "library-console" }));
  if (file !== null && options.quietAboutLogFile !== true) process.once("exit", () => reportProblems(file));
  return { config, logger, logFile: file?.file ?? null };
}

function reportProblems(file: LogFileDestination): void {
  const problems = file.problems();
  file.close();
  if (problems === 0) return;
  process.stderr.write(`docent: ${problems} warning${problems === 1 ? "" : "s"} logged to ${file.file}\n`);
}

function withoutUndefined(overrides: ConfigOverrides): ConfigOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}
