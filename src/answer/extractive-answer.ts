import { headingText, type SearchHit } from "../documents/chunk.js";
import { tokenize } from "../retrieval/tokenize.js";
import type { Citation } from "./answer-types.js";
import { citeSource } from "./check-citations.js";
import { selectPassage } from "./select-passage.js";
import type { SourceLinker } from "./source-links.js";

export interface ExcerptAnswer {
  text: string;
  citations: Citation[];
}

export const excerptsIntroduction = "Here are the most relevant passages from the documents:";

/**
 * The answer without a model: the best passages quoted as they are, each with its [n] citation. Passages come
 * from the top hits in order (at most maxPassages, default 3); after the first, a hit is left out when it
 * scores under half the best one, shares no word with the question, or repeats a passage already quoted.
 */
export function buildExtractiveAnswer(
  question: string,
  hits: readonly SearchHit[],
  links: SourceLinker,
  options: { maxPassages?: number } = {},
): ExcerptAnswer {
  const maxPassages = Math.max(1, options.maxPassages ?? 3);
  const bestScore = hits[0]?.score ?? 0;
  const quoted: Array<{ hit: SearchHit; passage: string }> = [];
  const terms = new Set(tokenize(question)).size;
  for (const hit of hits) {
    if (quoted.length === maxPassages) break;
    if (quoted.length > 0 && hit.score < bestScore / 2) break;
    const { text: passage, matchedTerms } = selectPassage(question, hit.chunk.text);
    if (passage === "" || quoted.some((entry) => entry.passage === passage)) continue;
    if (quoted.length > 0 && terms > 0 && matchedTerms === 0) continue;
    quoted.push({ hit, passage });
  }
  if (quoted.length === 0) return buildNotCoveredAnswer(null, [], links);
  const lines = quoted.map(({ passage }, index) => `${quote(passage)} [${index + 1}]`);
  return {
    text: [excerptsIntroduction, ...lines].join("\n\n"),
    citations: quoted.map(({ hit }, index) => citeSource(index + 1, hit, links)),
  };
}

/**
 * The reply when the documents don't cover a question: one plain sentence naming the scopes searched, and
 * optionally the closest sources ("You could look at: ...") with their citations.
 */
export function buildNotCoveredAnswer(
  scopes: readonly string[] | null,
  closest: readonly SearchHit[],
  links: SourceLinker,
): ExcerptAnswer {
  const searched =
    scopes === null
      ? "I couldn't find an answer to that in the documents."
      : scopes.length === 0
        ? "I couldn't find an answer to that: no documents are available in this conversation."
        : `I couldn't find an answer to that in the documents I can search here (${scopes.join(", ")}).`;
  if (closest.length === 0) return { text: searched, citations: [] };
  const named = closest.map((hit, index) => `${describeSource(hit)} [${index + 1}]`);
  return {
    text: `${searched} You could look at: ${named.join("; ")}.`,
    citations: closest.map((hit, index) => citeSource(index + 1, hit, links)),
  };
}

function describeSource(hit: SearchHit): string {
  const { chunk } = hit;
  const heading = headingText(chunk);
  const name = heading.startsWith(chunk.title) ? heading : `${chunk.title}: ${heading}`;
  return chunk.page === null ? name : `${name} (page ${chunk.page})`;
}

/** Markdown block quote, line by line. */
function quote(passage: string): string {
  return passage
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}
