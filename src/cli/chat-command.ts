import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import type { HistoryTurn } from "../answer/answer-types.js";
import { type AnswerService, createAnswerService } from "../app/create-answer-service.js";
import { friendlyMessage, isDocentError } from "../errors.js";
import { parseScopes } from "./ask-command.js";
import { createCliContext } from "./cli-context.js";
import { renderSources } from "./render-answer.js";

/** docent chat [--index DIR] [--scope a,b]: an interactive console chat with history, streaming and sources. */
export async function runChatCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { index: { type: "string" }, scope: { type: "string" } },
  });
  const { config, logger } = createCliContext({ DOCENT_INDEX_DIR: values.index });
  const service = await createAnswerService(config, logger);
  try {
    await chatInConsole(service, parseScopes(values.scope));
    return 0;
  } finally {
    await service.close();
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
      history,
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
    history.push({ author: "user", text }, { author: "assistant", text: answer.text });
  } catch (error) {
    if (!isDocentError(error)) throw error;
    output.write(`${friendlyMessage(error)}\n`);
  }
}
