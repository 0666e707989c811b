import { createAnswerService } from "../answer/answer-service.js";
import { answerText } from "../rendering/reply-sentences.js";
import { createCliContext } from "./cli-context.js";
import { warnAboutFallback } from "./fallback-notice.js";
import { parseCommandLine } from "./parse-command-line.js";
import { renderAnswer } from "./render-answer.js";

/** docent ask [--json] [--index DIR] [--scope a,b] QUESTION: one answer, as text or as one JSON line. */
export async function runAskCommand(argv: string[]): Promise<number> {
  const line = parseCommandLine("ask", argv);
  const question = line.positionals.join(" ").trim();
  if (question === "") {
    process.stderr.write('docent ask: give a question, for example: docent ask "How do I request leave?"\n');
    return 1;
  }
  const { config, logger } = createCliContext({ DOCENT_INDEX_DIR: line.text("index") });
  const service = await createAnswerService(config, logger);
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once("SIGINT", cancel);
  try {
    const answer = await service.answer({
      text: question,
      scopes: parseScopes(line.text("scope")),
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

export function parseScopes(value: string | undefined): string[] | undefined {
  const scopes = value
    ?.split(",")
    .map((scope) => scope.trim())
    .filter(Boolean);
  return scopes && scopes.length > 0 ? scopes : undefined;
}
