import { createInterface } from "node:readline";
import { type AnswerService, createAnswerService } from "../answer/answer-service.js";
import type { HistoryTurn } from "../answer/answer-types.js";
import { answerText } from "../rendering/reply-sentences.js";
import { parseScopes } from "./ask-command.js";
import { createCliContext } from "./cli-context.js";
import { chatInConsole } from "./console-chat.js";
import { loadIndexAndWarn } from "./fallback-notice.js";
import { parseCommandLine } from "./parse-command-line.js";
import { remember } from "./remember-turn.js";

/**
 * docent chat [--json] [--index DIR] [--scope a,b]: a console conversation with history, streaming and sources.
 * With --json, each line of standard input is the next question of one conversation and each answer is printed as
 * one JSON line, the same object as `docent ask --json`: dialogs become scriptable.
 */
export async function runChatCommand(argv: string[]): Promise<number> {
  const line = parseCommandLine("chat", argv);
  const { config, logger, logFile } = createCliContext(
    { DOCENT_INDEX_DIR: line.text("index") },
    { quietAboutLogFile: !line.flag("json") },
  );
  const service = await createAnswerService(config, logger);
  try {
    await loadIndexAndWarn(service.knowledge);
    const scopes = parseScopes(line.text("scope"));
    if (line.flag("json")) await chatInJson(service, scopes);
    else {
      if (logFile !== null) process.stdout.write(`Logs: ${logFile}\n`);
      await chatInConsole(service, { scopes, topK: config.answers.topK });
    }
    return 0;
  } finally {
    await service.close();
  }
}

async function chatInJson(service: AnswerService, scopes: readonly string[] | undefined): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const history: HistoryTurn[] = [];
  try {
    for await (const line of lines) {
      const text = line.trim();
      if (text === "") continue;
      const answer = await service.answer({ text, scopes, history: [...history] });
      process.stdout.write(`${JSON.stringify({ ...answer, text: answerText(answer) })}\n`);
      remember(history, text, answer);
    }
  } finally {
    lines.close();
  }
}
