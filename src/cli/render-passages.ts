import type { Answer } from "../answer/answer-types.js";
import type { Answerer } from "../answer/answerer.js";
import { headingText } from "../documents/chunk.js";

const excerptCharacters = 600;

/**
 * /sources: the passages the last answer cites, with their text. The answer keeps only where each passage came
 * from, so they are found again by the same search the answer ran (same question, scopes and number of passages).
 */
export async function describePassages(
  answerer: Answerer,
  last: { question: string; answer: Answer },
  options: { scopes: readonly string[] | undefined; topK: number },
): Promise<string> {
  const { citations } = last.answer;
  if (citations.length === 0) return "The last answer cites no passages.\n";
  const hits = await answerer.knowledge.search(last.question, { k: options.topK, scopes: options.scopes });
  const lines: string[] = [];
  for (const citation of citations) {
    const place = citation.page === null ? citation.source : `${citation.source}, page ${citation.page}`;
    lines.push(`[${citation.n}] ${place}${citation.heading ? ` (${citation.heading})` : ""}`);
    const hit = hits.find(
      ({ chunk }) =>
        chunk.source === citation.source &&
        chunk.page === citation.page &&
        headingText(chunk) === citation.heading,
    );
    if (hit === undefined) {
      lines.push("    (this passage is no longer in the index)");
      continue;
    }
    const text = hit.chunk.text.replace(/\s+/g, " ").trim();
    lines.push(`    ${text.slice(0, excerptCharacters)}${text.length > excerptCharacters ? "..." : ""}`);
  }
  return `${lines.join("\n")}\n`;
}
