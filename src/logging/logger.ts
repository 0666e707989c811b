import { pino } from "pino";

/**
 * One logger for the whole program, injected where it is needed. Logs carry ids, counts and timings.
 * Secrets are always redacted; document and message text is only logged when DOCENT_LOG_CONTENT is on,
 * and callers check `logContent` before they add any.
 */
export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  child(bindings: object): Logger;
}

export interface LoggerOptions {
  level: string;
  /** Where log lines go; standard error by default so that standard output stays for results. */
  destination?: NodeJS.WritableStream;
}

const secretPaths = [
  "token",
  "apiKey",
  "authorization",
  "*.token",
  "*.apiKey",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
];

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: secretPaths, censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that drops everything: for tests and for library use without logging. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
