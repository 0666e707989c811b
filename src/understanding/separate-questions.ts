import { countContentWords } from "./analyse-question.js";
import { askingStart, leadingConnector, leaningOf, splitQuestion } from "./question-parts.js";

/**
 * The questions one message asks: "How long is paid parental leave, and am I locked into staying on afterwards?"
 * asks two things, each to be answered from its own passage; "How much paternity leave can I take, and is it
 * paid?" asks one thing twice over ("is it paid?" leans on the part before it and joins it). A part asks a
 * question of its own when, without its opening "and" or "or", it opens like a question (not "if ...") and says
 * at least three things, or two without a word pointing back; the situation around the asking parts ("My wife is
 * due in August.", "if the main database dies,") belongs to all of them.
 * One question (the message itself) when nothing stands apart.
 */
export function separateQuestions(text: string): string[] {
  const parts = splitQuestion(text);
  const condition = (text: string) => /^if\b/i.test(text.trim()) && !text.trim().endsWith("?");
  const situation = parts.filter((part) => !part.asks || condition(part.text)).map((part) => part.text);
  const questions: string[][] = [];
  for (const part of parts) {
    if (!part.asks || condition(part.text)) continue;
    const bare = part.text.replace(leadingConnector, "").trim();
    const previous = questions.at(-1);
    if (previous === undefined || !standsApart(bare)) {
      if (previous === undefined) questions.push([part.text]);
      else previous.push(part.text);
    } else questions.push([bare]);
  }
  if (questions.length < 2) return [text];
  return questions.map((asking) => [...situation, ...asking].join(" "));
}

function standsApart(part: string): boolean {
  if (!askingStart.test(part) || /^(?:if|any|anyone|anything)\b/i.test(part)) return false;
  const contentWords = countContentWords(part);
  return contentWords >= 3 || (contentWords === 2 && leaningOf(part, contentWords) === "maybe");
}
