import { createInterface } from "node:readline";
import type { Answer, HistoryTurn } from "../answer/answer-types.js";
import { type AnswerService, createAnswerService } from "../app/create-answer-service.js";
import { friendlyMessage, isDocentError } from "../errors.js";
import { parseScopes } from "./ask-command.js";
import { createCliContext } from "./cli-context.js";
import { parseCommandLine } from "./parse-command-line.js";
import { renderSources } from "./render-answer.js";

/**
 * docent chat [--json] [--index DIR] [--scope a,b]: a console conversation with history, streaming and sources.
 * With --json, each line of standard input is the next question of one conversation and each answer is printed as
 * one JSON line, the same object as `docent ask --json`: dialogs become scriptable.
 */
export async function runChatCommand(argv: string[]): Promise<number> {
  const line = parseCommandLine("chat", argv);
  const { config, logger } = createCliContext({ DOCENT_INDEX_DIR: line.text("index") });
  const service = await createAnswerService(config, logger);
  try {
    const scopes = parseScopes(line.text("scope"));
    if (line.flag("json")) await chatInJson(service, scopes);
    else await chatInConsole(service, scopes);
    return 0;
  } finally {
    await service.close();
  }
}

/** The turns so far, as the answer pipeline takes them: the asker's questions and the bot's answers. */
function remember(history: HistoryTurn[], question: string, answer: Answer): void {
  history.push({ author: "user", text: question }, { author: "assistant", text: answer.text });
}

async function chatInJson(service: AnswerService, scopes: readonly string[] | undefined): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const history: HistoryTurn[] = [];
  try {
    for await (const line of lines) {
      const text = line.trim();
      if (text === "") continue;
      const answer = await service.answer({ text, scopes, history: [...history] });
      process.stdout.write(`${JSON.stringify(answer)}\n`);
      remember(history, text, answer);
    }
  } finally {
    lines.close();
  }
}

export async function chatInConsole(
  service: AnswerService,
  scopes: readonly string[] | undefined,
): Promise<void> {
  const output = process.stdout;
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const history: HistoryTurn[] = [];
  for (const warning of service.engine?.warnings() ?? []) output.write(`Warning: ${warning}\n`);
  output.write(`Ask a question about your documents (engine: ${service.engineId}). Type /exit to leave.\n`);
  output.write("\nyou> ");
  try {
    for await (const line of lines) {
      const text = line.trim();
      if (text === "/exit" || text === "/quit") break;
      if (text !== "") await answerInConsole(service, text, scopes, history);
      output.write("\nyou> ");
    }
  } finally {
    lines.close();
    output.write("\n");
  }
}

async function answerInConsole(
  service: AnswerService,
  text: string,
  scopes: readonly string[] | undefined,
  history: HistoryTurn[],
): Promise<void> {
  const output = process.stdout;
  output.write("docent> ");
  let streamed = "";
  try {
    const answer = await service.answer({
      text,
      scopes,
      history: [...history],
      onDelta: (delta) => {
        streamed += delta;
        output.write(delta);
      },
      onQueuePosition: (position) => output.write(`(waiting for the model: number ${position} in line) `),
    });
    // The checked answer replaces what streamed when it differs (a removed citation, a "not covered" reply).
    if (answer.text.trim() !== streamed.trim())
      output.write(`${streamed ? "\n\n" : ""}${answer.text.trim()}`);
    output.write(`\n${renderSources(answer.citations)}`);
    remember(history, text, answer);
  } catch (error) {
    if (!isDocentError(error)) throw error;
    output.write(`${friendlyMessage(error)}\n`);
  }
}
