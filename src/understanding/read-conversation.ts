import { countContentWords } from "./analyse-question.js";
import { type Leaning, leaningOf } from "./question-parts.js";

/**
 * Which earlier questions of a conversation a new one leans on, without a model. A question that stands on its
 * own is searched on its own, however long the conversation before it ("how long is paternity leave" after
 * questions on vacation and sick days). A follow-up leans on the question right before it, and on what that one
 * leaned on in turn ("what about the backup person?" then "and in Halifax?": the Halifax question is read with
 * both), never on older turns it did not reach: each earlier question is read the same way, oldest first (one
 * that only might lean counts as standing alone: retrieval settled that when it was asked).
 */
export interface ConversationReading {
  leaning: Leaning;
  /** The earlier questions the new one would lean on, newest first (at most `deepest`); empty when it stands alone. */
  context: string[];
}

/** A follow-up is read with at most this many earlier questions. */
const deepest = 2;

export function readConversation(text: string, earlierQuestions: readonly string[]): ConversationReading {
  let chain: string[] = [];
  for (const earlier of earlierQuestions) {
    const leaning = leaningOf(earlier, countContentWords(earlier));
    chain = leaning === "leans" ? [earlier, ...chain].slice(0, deepest) : [earlier];
  }
  if (chain.length === 0) return { leaning: "alone", context: [] };
  const leaning = leaningOf(text, countContentWords(text));
  return { leaning, context: leaning === "alone" ? [] : chain };
}
