import type { Answer } from "../answer/answer-types.js";
import type { Refusal } from "../chat-core/chat-core.js";
import { friendlySentence } from "../errors.js";

/**
 * The sentences a person reads for the core's typed results, written once for every surface (Slack, Discord, the
 * console and `docent ask`): why a question was refused, and what went wrong before an answer made of quoted
 * passages.
 */

/** Said when the engine's queue is full: the bot is busy, not the asker too fast. */
export const busySentence = "I'm answering a lot of questions right now. Please try again in a minute.";

export function refusalSentence(refusal: Refusal): string {
  switch (refusal.reason) {
    case "too-long":
      return `That question is too long for me: please ask it in ${refusal.maxChars.toLocaleString("en-US")} characters or fewer.`;
    case "user-rate-limit":
      return friendlySentence("RATE_LIMITED");
    case "queue-full":
      return busySentence;
  }
}

/**
 * The answer's text as the asker reads it: after an engine failure, the sentence for what failed leads the quoted
 * passages (a full engine queue is the bot being busy, not the asker being too fast).
 */
export function answerText(answer: Answer): string {
  if (answer.failure === undefined) return answer.text;
  const lead = answer.failure === "RATE_LIMITED" ? busySentence : friendlySentence(answer.failure);
  return `${lead} ${answer.text}`;
}
