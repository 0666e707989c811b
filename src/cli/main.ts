import { DocentError, isDocentError } from "../errors.js";

const usage = `docent: answers questions from your company's documents, in Slack, Discord or the console.

Usage:
  docent ingest [--docs DIR] [--index DIR] [--rebuild] [--json]
  docent search [--index DIR] [--top K] [--scope a,b] [--json] [QUESTION]
  docent ask [--index DIR] [--scope a,b] [--json] QUESTION
  docent chat [--index DIR] [--scope a,b] [--json]   (--json: one question a line in, one answer object a line out)
  docent start          (npm start: the chat surfaces that are configured, else the console chat)
  docent rollback [--index DIR]   (the previous index generation becomes current again)
  docent feedback [--json]        (Helpful / Not helpful votes from Slack and Discord)
  docent help

Configuration comes from the environment and a .env file; see README.md for every variable.
`;

/** Each command is loaded only when it runs, so that `docent search` does not pay for the ingest loaders. */
const commands: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  ingest: async () => (await import("./ingest-command.js")).runIngestCommand,
  search: async () => (await import("./search-command.js")).runSearchCommand,
  ask: async () => (await import("./ask-command.js")).runAskCommand,
  chat: async () => (await import("./chat-command.js")).runChatCommand,
  start: async () => (await import("./start-command.js")).runStartCommand,
  rollback: async () => (await import("./rollback-command.js")).runRollbackCommand,
  feedback: async () => (await import("./feedback-command.js")).runFeedbackCommand,
};

/** The `docent` command. Returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(usage);
    return 0;
  }
  const loadCommand = commands[name];
  if (loadCommand === undefined) {
    process.stderr.write(`docent: unknown command "${name}"\n\n${usage}`);
    return 1;
  }
  try {
    return await (await loadCommand())(rest);
  } catch (error) {
    return reportFailure(error);
  }
}

/** Operators see the error's message, which names what to fix; stack traces only with LOG_LEVEL=debug. */
function reportFailure(error: unknown): number {
  if (isDocentError(error)) {
    process.stderr.write(`docent: ${error.message}\n`);
    return error.code === "INGEST_LOCKED" ? 3 : error.code === "CANCELLED" ? 130 : 1;
  }
  if (
    error instanceof TypeError &&
    (error as NodeJS.ErrnoException).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
  ) {
    process.stderr.write(`docent: ${error.message}\n`);
    return 1;
  }
  const wrapped = new DocentError("INTERNAL", error instanceof Error ? error.message : String(error));
  process.stderr.write(`docent: unexpected error: ${wrapped.message}\n`);
  if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}
