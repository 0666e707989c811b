import { readConversation } from "../understanding/read-conversation.js";
import { correctText } from "../understanding/spelling/correct-text.js";
import type { AnswerDependencies } from "./answer-dependencies.js";
import type { HistoryTurn, Question, SearchedAs } from "./answer-types.js";
import { judgeQuestion } from "./judge-parts.js";
import type { Judged } from "./search-and-judge.js";
import { readForSearch } from "./standalone-question.js";

export interface FoundAnswer extends Judged {
  /** How the question was read for the search (alone, rewritten by the model, with its conversation). */
  searchedAs: SearchedAs;
}

/**
 * Understand, retrieve, rank and judge. With a chat model, a question with a conversation before it is rewritten
 * by the model as one that stands alone (standalone-question.ts). Without one, or when the model is slow, down or
 * unusable, the offline reading decides (read-conversation.ts): a question that stands on its own is searched
 * alone; a follow-up with the earlier questions it leans on; one that points back but says enough to stand alone
 * ("can I keep it?" after naming the gift) alone first, and with its context only when alone it finds no answer
 * and the context finds a better one. A message that asks several things is judged part by part (judge-parts.ts).
 */
export async function findAnswer(question: Question, dependencies: AnswerDependencies): Promise<FoundAnswer> {
  const { asked, searchedAs } = await readForSearch(question, {
    engine: dependencies.engine,
    timeoutMs: dependencies.rewriteTimeoutMs,
    logger: dependencies.logger,
  });
  const { scopes } = question;
  const read = await spellingOf(dependencies);
  if (asked !== null)
    return { ...(await judgeQuestion(read(asked.text), [], scopes, dependencies)), searchedAs };
  const text = read(question.text);
  const reading = readConversation(text, earlierQuestions(question.history ?? []).map(read));
  const leansOn = reading.leaning === "leans" ? reading.context : [];
  const first = await judgeQuestion(text, leansOn, scopes, dependencies);
  if (reading.leaning !== "maybe" || first.coverage.level === "answers") return { ...first, searchedAs };
  const withContext = await judgeQuestion(text, reading.context, scopes, dependencies);
  return { ...(helpsToLean(withContext, first) ? withContext : first), searchedAs };
}

/**
 * The context helps when the best sentence found with it says as much about the question asked now as the best one
 * found without it, and is a surer answer: "can the unused days roll over?" after a vacation question finds the
 * vacation carry-over rule; "do we get a day off on our birthday?" after a voting-leave question does not find the
 * voting-leave rule instead.
 */
export function helpsToLean(withContext: Judged, alone: Judged): boolean {
  const own = (found: Judged) => found.ranked[0]?.ownCoverage ?? 0;
  return own(withContext) >= own(alone) && withContext.coverage.confidence > alone.coverage.confidence;
}

/**
 * Reads misspelled words as the words meant (correct-text.ts), against the vocabulary of the generation served.
 * A store that cannot give its vocabulary right now (a database that is down) leaves the text as typed: the
 * search itself will say what is wrong.
 */
async function spellingOf({ knowledge, logger }: AnswerDependencies): Promise<(text: string) => string> {
  try {
    const vocabulary = await knowledge.vocabulary();
    return (text) => correctText(text, vocabulary).text;
  } catch (error) {
    logger.debug({ err: error }, "no vocabulary for spelling; questions read as typed");
    return (text) => text;
  }
}

/** The asker's and other people's earlier messages (not the bot's answers), which a follow-up leans on. */
export function earlierQuestions(history: readonly HistoryTurn[]): string[] {
  return history.filter((turn) => turn.author !== "assistant").map((turn) => turn.text);
}
