import type { Question } from "../src/answer/answer-types.js";
import type { Chunk } from "../src/documents/chunk.js";
import { makeHandbookQueries } from "./handbook-queries.js";
import { seededRandom } from "./synthetic-corpus.js";

/**
 * The questions query-overhead-measure.ts asks, of three kinds as chat brings them:
 *   single     a handbook query (handbook-queries.ts) with no history; every third with a typo in its longest word
 *   follow-up  a short question after a conversation of two questions and answers ("and what about travel cards?",
 *              "does that apply to ...?", "how does it work for ...?": read with or without what it leans on)
 *   two-part   "What is the policy on X, and how do I handle Y?": each part searched and judged
 * Deterministic for a seed; the kinds are interleaved (three singles, a follow-up, a two-part question, ...).
 */
export type QuestionKind = "single" | "follow-up" | "two-part";

export interface BenchQuestion {
  kind: QuestionKind;
  question: Question;
}

const followUpForms = [
  (topic: string) => `and what about ${topic}?`,
  (topic: string) => `does that also apply to ${topic}?`,
  (topic: string) => `how does it work for ${topic}?`,
  (topic: string) => `${topic}?`,
];
const kindsInTurn: readonly QuestionKind[] = ["single", "single", "single", "follow-up", "two-part"];

export function makeBenchQuestions(chunks: readonly Chunk[], count: number, seed: number): BenchQuestion[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const queries = makeHandbookQueries(chunks, count * 2, seed);
  const headings = [
    ...new Set(chunks.flatMap((chunk) => chunk.headingPath.slice(-1)).filter((text) => text.length > 3)),
  ]
    .sort()
    .map((heading) => heading.toLowerCase());
  const questions: BenchQuestion[] = [];
  let next = 0;
  const query = () => queries[next++ % queries.length] ?? "";
  for (let index = 0; index < count; index++) {
    const kind = kindsInTurn[index % kindsInTurn.length] ?? "single";
    if (kind === "single") {
      const text = query();
      questions.push({ kind, question: { text: index % 3 === 0 ? withTypo(text, random) : text } });
    } else if (kind === "follow-up") {
      const history = [
        { author: "user" as const, text: query() },
        { author: "assistant" as const, text: "Here is what the documents say: ... [1]" },
        { author: "user" as const, text: query() },
        { author: "assistant" as const, text: "This seems to be what the documents say: ... [1]" },
      ];
      questions.push({ kind, question: { text: pick(followUpForms)(pick(headings)), history } });
    } else {
      const text = `What is the policy on ${pick(headings)}, and how do I handle ${pick(headings)}?`;
      questions.push({ kind, question: { text } });
    }
  }
  return questions;
}

/** The text with one letter of its longest word (6 letters or more) dropped or doubled, as people mistype. */
function withTypo(text: string, random: () => number): string {
  const words = text.split(" ");
  let longest = -1;
  for (const [position, word] of words.entries()) {
    if (/^[a-z]{6,}$/.test(word) && word.length > (words[longest]?.length ?? 0)) longest = position;
  }
  const word = words[longest];
  if (word === undefined) return text;
  const at = 1 + Math.floor(random() * (word.length - 2));
  words[longest] =
    random() < 0.5 ? word.slice(0, at) + word.slice(at + 1) : word.slice(0, at + 1) + word.slice(at);
  return words.join(" ");
}
