import type { Logger } from "../logging/logger.js";

/**
 * The chat adapters' logger: an error logged as `err` keeps what an operator needs (type, message, code, HTTP
 * status, method, path, Slack's error code, the network cause, the stack) and nothing else. Platform SDK errors
 * carry more: discord.js' requestBody holds the answer being posted (and a new thread's name, the question), and
 * webhook paths hold interaction tokens. None of that may reach a log, on any failure path.
 */
export function withContentFreeErrors(logger: Logger): Logger {
  const clean = (fields: object): object =>
    "err" in fields ? { ...fields, err: describeError((fields as { err: unknown }).err) } : fields;
  return {
    debug: (fields, message) => logger.debug(clean(fields), message),
    info: (fields, message) => logger.info(clean(fields), message),
    warn: (fields, message) => logger.warn(clean(fields), message),
    error: (fields, message) => logger.error(clean(fields), message),
    child: (bindings) => withContentFreeErrors(logger.child(bindings)),
  };
}

const keptFields = [
  "code",
  "status",
  "statusCode",
  "method",
  "retryAfter",
  "syscall",
  "hostname",
  "address",
  "port",
];
const mostCauses = 4;

/**
 * An error as a plain object of the fields above; its cause (or Slack's `original`) described the same way. The
 * object has no prototype, so that pino's error serializer reads its type from `name` (the error's class).
 */
export function describeError(error: unknown, depth = 0): Record<string, unknown> {
  const described: Record<string, unknown> = Object.create(null);
  if (!(error instanceof Error))
    return Object.assign(described, { name: typeof error, message: String(error) });
  const source = error as unknown as Record<string, unknown>;
  Object.assign(described, { name: error.constructor.name, message: error.message });
  for (const field of keptFields) {
    const value = source[field];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      described[field] = value;
    }
  }
  if (typeof source.url === "string") described.url = withoutTokens(source.url);
  const slackError = (source.data as { error?: unknown } | undefined)?.error;
  if (typeof slackError === "string") described.slackError = slackError;
  if (error.stack !== undefined) described.stack = error.stack;
  const cause = error.cause ?? source.original;
  if (cause !== undefined && depth < mostCauses) described.cause = describeError(cause, depth + 1);
  return described;
}

/** Interaction tokens in webhook and callback paths are credentials for 15 minutes. */
function withoutTokens(url: string): string {
  return url.replace(/\/(webhooks|interactions)\/(\d+)\/[^/?]+/g, "/$1/$2/[token]");
}
