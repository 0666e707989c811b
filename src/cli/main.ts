import { isDocentError } from "../errors.js";
import { commandName } from "./command-name.js";
import { commandSpecs } from "./command-specs.js";
import { commandHelp } from "./parse-command-line.js";
import { readVersion } from "./read-version.js";

/** Each command is loaded only when it runs, so that `docent search` does not pay for the ingest loaders. */
const commands: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  ingest: async () => (await import("./ingest-command.js")).runIngestCommand,
  search: async () => (await import("./search-command.js")).runSearchCommand,
  ask: async () => (await import("./ask-command.js")).runAskCommand,
  chat: async () => (await import("./chat-command.js")).runChatCommand,
  start: async () => (await import("./start-command.js")).runStartCommand,
  status: async () => (await import("./status-command.js")).runStatusCommand,
  doctor: async () => (await import("./doctor-command.js")).runDoctorCommand,
  rollback: async () => (await import("./rollback-command.js")).runRollbackCommand,
  feedback: async () => (await import("./feedback-command.js")).runFeedbackCommand,
};

function overview(): string {
  const width = Math.max(...Object.keys(commandSpecs).map((name) => name.length));
  const lines = Object.entries(commandSpecs).map(
    ([name, spec]) => `  docent ${name.padEnd(width)}  ${spec.summary}`,
  );
  return [
    "docent: answers questions from your company's documents, in Slack, Discord or the console.",
    "",
    "Usage: docent COMMAND [OPTIONS]",
    "",
    ...lines,
    "",
    "`docent COMMAND --help` shows a command's options, examples and exit statuses; `docent --version` the version.",
    "Settings come from the environment and a .env file; README.md lists them.",
    "",
  ].join("\n");
}

/** The `docent` command. Returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  endWhenOutputCloses();
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") return print(overview());
  if (name === "--version" || name === "-v" || name === "version") return print(`docent ${readVersion()}\n`);
  if (name === "help") {
    const topic = rest[0];
    return print(topic !== undefined && topic in commandSpecs ? commandHelp(topic) : overview());
  }
  const loadCommand = commands[name];
  if (loadCommand === undefined) {
    process.stderr.write(`docent: unknown command "${name}". \`docent --help\` lists the commands.\n`);
    return 1;
  }
  const options = rest.slice(0, rest.includes("--") ? rest.indexOf("--") : rest.length);
  if (options.includes("--help") || options.includes("-h")) return print(commandHelp(name));
  try {
    return await (await loadCommand())(rest);
  } catch (error) {
    return reportFailure(error);
  }
}

/**
 * `docent search | head -1`: once the reader has gone, the command's work is not wanted any more. It ends at once
 * and quietly, as command-line tools do, instead of failing with an unhandled EPIPE (or waiting on its input).
 */
function endWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(0);
    });
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

/**
 * Operators see the error's message, which names what to fix; stack traces only with LOG_LEVEL=debug. A command it
 * suggests (`docent ingest --rebuild`) is written the way that works where they are (`npx docent ...` in the project
 * folder without `npm link`).
 */
function reportFailure(error: unknown): number {
  if (isDocentError(error)) {
    const name = commandName();
    const message = name === "docent" ? error.message : error.message.replaceAll("`docent ", `\`${name} `);
    process.stderr.write(`${message.startsWith("docent ") ? "" : "docent: "}${message}\n`);
    return error.code === "INGEST_LOCKED" ? 3 : error.code === "CANCELLED" ? 130 : 1;
  }
  process.stderr.write(
    `docent: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}
