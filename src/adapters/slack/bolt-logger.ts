import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../logging/logger.js";

/** Bolt's and the Web API client's log lines, into docent's logger. */
export function createBoltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line = (parts: unknown[]) =>
    parts.map((part) => (part instanceof Error ? part.message : String(part))).join(" ");
  return {
    debug: (...parts) => logger.debug({}, line(parts)),
    info: (...parts) => logger.info({}, line(parts)),
    warn: (...parts) => logger.warn({}, line(parts)),
    error: (...parts) => logger.error({}, line(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
