import { isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import { refusalSentence } from "../rendering/reply-sentences.js";

/**
 * The CLI's answer to a question it will not or could not work on: the chat platforms' sentence for a question
 * over DOCENT_MAX_QUESTION_CHARS, and one line per failed question of a batch read from standard input (the batch
 * goes on with the next line; the details go to the log, never a stack trace to the screen).
 */
export function tooLongSentence(maxChars: number): string {
  return refusalSentence({ reason: "too-long", maxChars });
}

/** `docent search: line 3: ...` on standard error. */
export function reportLine(command: string, lineNumber: number | null, sentence: string): void {
  const where = lineNumber === null ? "" : `line ${lineNumber}: `;
  process.stderr.write(`docent ${command}: ${where}${sentence}\n`);
}

/** What a failed question's line says: a DocentError's message names what to fix; anything else is logged. */
export function describeQuestionFailure(error: unknown, logger: Logger): string {
  if (isDocentError(error)) return error.message;
  logger.error({ err: error }, "question failed");
  return `unexpected error: ${error instanceof Error ? error.message : String(error)} (details in the log)`;
}
