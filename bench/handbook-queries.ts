import type { Chunk } from "../src/documents/chunk.js";
import { seededRandom } from "./synthetic-corpus.js";

const questionForms = [
  (topic: string) => `What is ${topic}?`,
  (topic: string) => `How do I handle ${topic}?`,
  (topic: string) => `Where can I find information about ${topic}?`,
  (topic: string) => `What is the policy on ${topic}?`,
  (topic: string) => `Who do I ask about ${topic}`,
];

/**
 * Real-ish queries over indexed chunks: half are a sentence (6-16 words) taken from a random chunk, half are
 * questions built from the handbook's headings ("What is the policy on Leave?"). Deterministic for a seed.
 */
export function makeHandbookQueries(chunks: readonly Chunk[], count: number, seed = 11): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const headings = [
    ...new Set(chunks.flatMap((chunk) => chunk.headingPath.slice(-1)).filter((text) => text.length > 3)),
  ].sort();
  const queries: string[] = [];
  for (let attempt = 0; queries.length < count && attempt < count * 50; attempt++) {
    if (queries.length % 2 === 0) {
      const sentences = (pick(chunks)?.text ?? "")
        .split(/(?<=[.!?])\s+/)
        .map((sentence) => sentence.replace(/[#*_`>[\]()|]/g, " ").trim())
        .filter((sentence) => sentence.split(/\s+/).length >= 6);
      const words = (pick(sentences) ?? "").split(/\s+/);
      if (words.length >= 6) queries.push(words.slice(0, 6 + Math.floor(random() * 11)).join(" "));
    } else {
      const heading = pick(headings);
      const form = pick(questionForms);
      if (heading !== undefined && form !== undefined) queries.push(form(heading.toLowerCase()));
    }
  }
  return queries;
}
