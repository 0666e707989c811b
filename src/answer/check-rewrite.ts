import { tokenize } from "../text/tokenize.js";
import type { SearchReason } from "./answer-types.js";
import { saysNotCovered } from "./not-covered-reply.js";

/**
 * Cheap checks on the model's standalone rewrite of a question, before retrieval trusts it. A usable rewrite is one
 * line that asks something and keeps at least one of the asker's own content words; anything else (nothing, a
 * reply cut off at the length cap, a refusal, an answer, a statement, a question about something else) is
 * unusable, and the question is read without the model instead.
 */
export type CheckedRewrite =
  | { usable: true; text: string; unchanged: boolean }
  | { usable: false; reason: SearchReason };

/** A label some models put before the question despite the instructions. */
const labelPattern = /^(?:standalone question|rewritten question|search query|question|query)\s*:\s*/i;
const wrapperPattern = /^["'`\u201c\u2018*_]+|["'`\u201d\u2019*_]+$/g;
const refusalPattern =
  /^(?:i'?m sorry|i am sorry|sorry\b|i (?:can ?not|can't|cannot|am unable|won't)|as an ai\b|unfortunately\b)/i;
/** An answer cites its sources, or says the documents don't cover it. */
const citationPattern = /\[\d+\]/;
/** How a question or request starts when it has no question mark ("list the holidays in 2026"). */
const askingStartPattern =
  /^(?:what|whats|what's|which|who|whom|whose|when|where|why|how|is|are|am|was|were|do|does|did|can|could|should|would|will|may|might|must|shall|have|has|had|list|tell|show|explain|describe|give|find)\b/i;

/**
 * `raw` is the text read from the model (up to its first line break); `capped` says the reading stopped at the
 * length cap; `shownQuestion` is the question as the prompt showed it, `question` as the asker wrote it.
 */
export function checkRewrite(
  raw: string,
  capped: boolean,
  question: string,
  shownQuestion: string,
): CheckedRewrite {
  if (capped) return { usable: false, reason: "too-long" };
  const text = cleanRewrite(raw);
  if (text === "") return { usable: false, reason: "empty" };
  if (sameQuestion(text, shownQuestion) || sameQuestion(text, question)) {
    return { usable: true, text: question, unchanged: true };
  }
  if (refusalPattern.test(text)) return { usable: false, reason: "refusal" };
  if (citationPattern.test(text) || saysNotCovered(text)) return { usable: false, reason: "answer" };
  if (!asks(text, question)) return { usable: false, reason: "not-a-question" };
  if (!keepsAskersWords(text, question)) return { usable: false, reason: "unrelated" };
  return { usable: true, text, unchanged: false };
}

/** The text without blanks or a label in front ("Standalone question:", even on a line of its own). */
export function dropLabel(text: string): string {
  return text.trimStart().replace(labelPattern, "");
}

function cleanRewrite(raw: string): string {
  const line = dropLabel(raw).split("\n", 1)[0] ?? "";
  return line.replace(wrapperPattern, "").trim();
}

/** A question mark, or a question or request word first; a keyword query may stay one if it ends in no full stop. */
function asks(text: string, question: string): boolean {
  if (text.endsWith("?") || askingStartPattern.test(text)) return true;
  return !question.includes("?") && !/[.!]$/.test(text);
}

/** The rewrite names what the question asked about: at least one of its content words, unless it had none ("why?"). */
function keepsAskersWords(text: string, question: string): boolean {
  const asked = new Set(tokenize(question));
  if (asked.size === 0) return true;
  return tokenize(text).some((term) => asked.has(term));
}

function sameQuestion(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s"'`\u201c\u201d\u2018\u2019]+/g, " ")
    .replace(/[\s?.!]+$/, "")
    .trim();
}
