import { type AnswerService, createAnswerService } from "../answer/answer-service.js";
import type { HistoryTurn } from "../answer/answer-types.js";
import type { Logger } from "../logging/logger.js";
import { answerText } from "../rendering/reply-sentences.js";
import { createCliContext } from "./cli-context.js";
import { chatInConsole } from "./console-chat.js";
import { loadIndexAndWarn } from "./fallback-notice.js";
import { parseCommandLine } from "./parse-command-line.js";
import { describeQuestionFailure, reportLine, tooLongSentence } from "./question-problems.js";
import { readQuestionLines } from "./read-question-lines.js";
import { remember } from "./remember-turn.js";
import { parseScopeFlag } from "./scope-flag.js";

/**
 * docent chat [--json] [--index DIR] [--scope a,b]: a console conversation with history, streaming and sources.
 * With --json, each line of standard input is the next question of one conversation and each answer is printed as
 * one JSON line, the same object as `docent ask --json`: dialogs become scriptable.
 */
export async function runChatCommand(argv: string[]): Promise<number> {
  const line = parseCommandLine("chat", argv);
  const scopes = parseScopeFlag("chat", line.text("scope"));
  const { config, logger, logFile } = createCliContext(
    { DOCENT_INDEX_DIR: line.text("index") },
    { quietAboutLogFile: !line.flag("json") },
  );
  const service = await createAnswerService(config, logger);
  try {
    await loadIndexAndWarn(service.knowledge);
    const maxChars = config.chat.maxQuestionChars;
    if (line.flag("json")) return await chatInJson(service, scopes, maxChars, logger);
    if (logFile !== null) process.stdout.write(`Logs: ${logFile}\n`);
    await chatInConsole(service, { scopes, topK: config.answers.topK, maxQuestionChars: maxChars });
    return 0;
  } finally {
    await service.close();
  }
}

/** One conversation on standard input; a line that is refused or fails is reported and the next one answered. */
async function chatInJson(
  service: AnswerService,
  scopes: readonly string[] | undefined,
  maxChars: number,
  logger: Logger,
): Promise<number> {
  const history: HistoryTurn[] = [];
  let problems = 0;
  for await (const line of readQuestionLines(process.stdin, maxChars)) {
    if (line.kind === "too-long") {
      problems += 1;
      reportLine("chat", line.lineNumber, tooLongSentence(maxChars));
      continue;
    }
    if (line.text === "") continue;
    try {
      const answer = await service.answer({ text: line.text, scopes, history: [...history] });
      process.stdout.write(`${JSON.stringify({ ...answer, text: answerText(answer) })}\n`);
      remember(history, line.text, answer);
    } catch (error) {
      problems += 1;
      reportLine("chat", line.lineNumber, describeQuestionFailure(error, logger));
    }
  }
  return problems === 0 ? 0 : 2;
}
