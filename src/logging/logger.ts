import { pino } from "pino";

/**
 * One logger for the whole program, injected where it is needed. Logs carry ids, counts and timings.
 * Secrets are always redacted; document and message text is only logged when DOCENT_LOG_CONTENT is on,
 * and only two places add it: the answerer's line per question (src/answer/answerer.ts) and the feedback store.
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
  destination?: { write(line: string): unknown };
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
  const withStacks = options.level === "debug" || options.level === "trace";
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: secretPaths, censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: (error: unknown) => serializeError(error, withStacks) },
    },
    options.destination ?? pino.destination(2),
  );
}

/**
 * A known failure (a DocentError: it has a code, and its message and causes say what happened) is logged without
 * its stack trace unless LOG_LEVEL is debug or trace; an unexpected error keeps its stack, which is what a bug
 * report needs.
 */
function serializeError(error: unknown, withStacks: boolean): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error) as { stack?: string };
  if (!withStacks && error.name === "DocentError") delete serialized.stack;
  return serialized;
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
