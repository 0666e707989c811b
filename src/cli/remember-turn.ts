import type { Answer, HistoryTurn } from "../answer/answer-types.js";
import { answerText } from "../rendering/reply-sentences.js";

/** The turns so far, as the answer pipeline takes them: the asker's questions and the bot's answers. */
export function remember(history: HistoryTurn[], question: string, answer: Answer): void {
  history.push({ author: "user", text: question }, { author: "assistant", text: answerText(answer) });
}
