import { headingText, type SearchHit } from "../documents/chunk.js";
import type { Citation } from "./answer-types.js";
import { citeSource } from "./check-citations.js";
import type { RankedUnit } from "./rank-units.js";
import type { SourceLinker } from "./source-links.js";

export interface ExcerptAnswer {
  text: string;
  citations: Citation[];
}

export const excerptsIntroduction = "Here is what the documents say:";
/** For quotes judged to answer, but without room to spare: the asker should check them. */
export const tentativeIntroduction = "This seems to be what the documents say; check that it fits your case:";
/** For passages that do not answer: neither "here is the answer" nor "there is none". */
export const closestIntroduction = "I'm not sure the documents answer this. These passages come closest:";

export interface ExcerptOptions {
  /** The most units quoted (default 3). */
  maxPassages?: number;
  /** The first line; the default introduces an answer. */
  introduction?: string;
  /** The units at the head of the ranking always quoted (the best one of each part of a question); default 1. */
  leading?: number;
}

/** A unit scoring under this share of the best one is too far below it to quote. */
const keepShare = 0.75;
const longestQuote = 600;
/** A list introduced by a quoted sentence is quoted up to this many items (and longestQuote characters). */
const longestList = 8;

/**
 * The answer without a model: the sentences, list items and table rows that best answer the question, quoted
 * whole (a table row under its header row, a list's lead-in with its items, a sentence under its heading when
 * the heading says what it is about), best first, each with the [n] of its passage. After the best, a unit is
 * quoted only when it scores at least three quarters of it and says something not already quoted. A sentence
 * that lacks the kind of answer asked for is quoted with the next one of its paragraph when that one holds it
 * (rank-units.ts, `completion`).
 */
export function buildExtractiveAnswer(
  ranked: readonly RankedUnit[],
  links: SourceLinker,
  options: ExcerptOptions = {},
): ExcerptAnswer {
  const leading = Math.max(1, options.leading ?? 1);
  const maxPassages = Math.max(leading, options.maxPassages ?? 3);
  const best = ranked[0];
  if (best === undefined) return { text: notCoveredSentence(null), citations: [] };
  const quoted: RankedUnit[] = [];
  for (const [index, unit] of ranked.entries()) {
    if (quoted.length === maxPassages) break;
    if (index >= leading && unit.score < best.score * keepShare) break;
    if (
      quoted.some((entry) => entry.unit.text === unit.unit.text || entry.unit.items?.includes(unit.unit.text))
    )
      continue;
    quoted.push(unit);
  }
  const sources: SearchHit[] = [];
  const quotes: Array<{ n: number; header: string | undefined; lines: string[] }> = [];
  for (const entry of quoted) {
    const { hit, unit } = entry;
    let n = sources.findIndex((source) => source.chunk.id === hit.chunk.id) + 1;
    if (n === 0) n = sources.push(hit);
    // Rows of one table go under one header, in the order of their relevance.
    const table = unit.tableHeader
      ? quotes.find((quote) => quote.n === n && quote.header === unit.tableHeader)
      : undefined;
    if (table !== undefined && unit.tableHeader)
      table.lines.push(unit.text.slice(unit.tableHeader.length + 1));
    else quotes.push({ n, header: unit.tableHeader || undefined, lines: [wholeUnit(entry, quoted)] });
  }
  const lines = quotes.map(({ n, lines: parts }) => `${quoteLines(parts.join("\n"))} [${n}]`);
  return {
    text: [options.introduction ?? excerptsIntroduction, ...lines].join("\n\n"),
    citations: sources.map((hit, index) => citeSource(index + 1, hit, links)),
  };
}

/**
 * A unit quoted whole: under its heading when the question's words are there rather than in it, with the next
 * sentence when only that one holds the kind of answer asked for, and with its list when it introduces one ("If a
 * laptop is lost or stolen:" and its steps; a long list up to a limit, then how many more the source has).
 */
function wholeUnit({ unit, completion, heading }: RankedUnit, quoted: readonly RankedUnit[]): string {
  const completed = completion && !quoted.some((entry) => entry.unit.text === completion.text);
  const parts = [cut(completed ? `${unit.text} ${completion.text}` : unit.text)];
  if (heading !== undefined && !unit.tableHeader) parts.unshift(heading);
  const items = unit.items ?? [];
  let length = 0;
  let shown = 0;
  for (const item of items) {
    if (shown === longestList || length + item.length > longestQuote) break;
    parts.push(cut(item));
    length += item.length;
    shown++;
  }
  if (shown < items.length) parts.push(`(${items.length - shown} more in the source)`);
  return parts.join("\n");
}

/**
 * The plain sentence for a question the documents don't cover, naming the scopes searched and, when known, the
 * word asked about that they never mention.
 */
export function notCoveredSentence(
  scopes: readonly string[] | null,
  unmentioned: string | null = null,
): string {
  if (scopes !== null && scopes.length === 0)
    return "I couldn't find an answer to that: no documents are available in this conversation.";
  const searched =
    scopes === null
      ? "I couldn't find an answer to that in the documents."
      : `I couldn't find an answer to that in the documents I can search here (${scopes.join(", ")}).`;
  return unmentioned === null ? searched : `${searched} They don't mention "${unmentioned}".`;
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
  const searched = notCoveredSentence(scopes);
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

/** A very long unit is cut at a word, with "…". */
function cut(text: string): string {
  return text.length <= longestQuote
    ? text
    : `${text.slice(0, longestQuote - 1).replace(/\s+\S*$/, "")}\u2026`;
}

/** Markdown block quote, line by line. */
function quoteLines(text: string): string {
  return text
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}
