import type { Answer, Citation } from "../answer/answer-types.js";
import { answerText } from "../rendering/reply-sentences.js";

/** An answer as plain text for the console: the text, then its sources. */
export function renderAnswer(answer: Answer): string {
  const lines = [answerText(answer).trim()];
  if (answer.citations.length > 0) {
    lines.push("", "Sources:");
    for (const citation of answer.citations) lines.push(`  [${citation.n}] ${describeCitation(citation)}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderSources(citations: readonly Citation[]): string {
  if (citations.length === 0) return "";
  return `\nSources:\n${citations.map((citation) => `  [${citation.n}] ${describeCitation(citation)}`).join("\n")}\n`;
}

function describeCitation(citation: Citation): string {
  const place = citation.page === null ? citation.source : `${citation.source}, page ${citation.page}`;
  const heading = citation.heading ? ` (${citation.heading})` : "";
  return citation.url ? `${place}${heading} <${citation.url}>` : `${place}${heading}`;
}
