import { createAnswerService } from "../answer/answer-service.js";
import { answerText } from "../rendering/reply-sentences.js";
import { createCliContext } from "./cli-context.js";
import { warnAboutFallback } from "./fallback-notice.js";
import { parseCommandLine } from "./parse-command-line.js";
import { reportLine, tooLongSentence } from "./question-problems.js";
import { renderAnswer } from "./render-answer.js";
import { parseScopeFlag } from "./scope-flag.js";

/** docent ask [--json] [--index DIR] [--scope a,b] QUESTION: one answer, as text or as one JSON line. */
export async function runAskCommand(argv: string[]): Promise<number> {
  const line = parseCommandLine("ask", argv);
  const question = line.positionals.join(" ").trim();
  if (question === "") {
    process.stderr.write('docent ask: give a question, for example: docent ask "How do I request leave?"\n');
    return 1;
  }
  const scopes = parseScopeFlag("ask", line.text("scope"));
  const { config, logger } = createCliContext({ DOCENT_INDEX_DIR: line.text("index") });
  if (question.length > config.chat.maxQuestionChars) {
    reportLine("ask", null, tooLongSentence(config.chat.maxQuestionChars));
    return 1;
  }
  const service = await createAnswerService(config, logger);
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once("SIGINT", cancel);
  try {
    const answer = await service.answer({
      text: question,
      scopes,
      signal: controller.signal,
    });
    process.stdout.write(
      line.flag("json")
        ? `${JSON.stringify({ ...answer, text: answerText(answer) })}\n`
        : renderAnswer(answer),
    );
    warnAboutFallback(service.knowledge);
    return 0;
  } finally {
    process.off("SIGINT", cancel);
    await service.close();
  }
}
