import type { SearchHit } from "../documents/chunk.js";
import type { EngineProfile, PromptMessage, TokenCounter } from "../engines/chat-engine.js";
import type { HistoryTurn } from "./answer-types.js";
import { truncateToFit, truncationMarker } from "./fit-to-budget.js";
import { neutraliseSourceText } from "./neutralise-source-text.js";
import {
  noSourcesLine,
  renderFinalMessage,
  renderHistoryTurn,
  renderQuestion,
  renderSourceBlock,
  sourcesHeading,
  systemRules,
} from "./prompt-parts.js";

export interface BuildPromptInput {
  question: string;
  history: readonly HistoryTurn[];
  /** Relevant hits, best first. */
  hits: readonly SearchHit[];
  profile: EngineProfile;
  counter: TokenCounter;
}

export interface BuiltPrompt {
  /** System rules, the kept history (oldest first), then one user message with the sources and the question. */
  messages: PromptMessage[];
  /** The hits included, numbered 1..n in this order in the prompt. */
  sources: SearchHit[];
  /**
   * Every message counted by the engine's counter, plus profile.tokensPerMessage per message: the parts' counts
   * summed with a margin at each join, never less than the assembled messages' exact count.
   */
  promptTokens: number;
  /** Included sources cut short (at a sentence boundary, with the truncation marker): 0 or 1. */
  truncatedSources: number;
  /** Lower-ranked hits left out to fit the window. */
  droppedSources: number;
  /** Earlier messages left out (the oldest first) to fit the window. */
  droppedHistory: number;
}

/** A cut source with less room than this adds more noise than evidence, unless it would be the only one. */
const minimumExcerptTokens = 120;

/** The prompt's parts, each rendered and counted once, and the room they share. */
interface MeasuredParts {
  hits: readonly SearchHit[];
  counter: TokenCounter;
  /** The context window less the answer's room. */
  available: number;
  /** The margin added at every join between parts. */
  joinCost: number;
  /** The question (cut with a marker if it alone does not fit), with the reminder that follows it. */
  questionBlock: string;
  /** What is always in the prompt: the rules, the question block and the sources heading. */
  fixedCost: number;
  /** The earlier messages, oldest first, and each one's count. */
  history: PromptMessage[];
  historyCosts: number[];
  /** Every hit as a whole source block, best first, and each one's count with its join. */
  sourceBlocks: string[];
  sourceCosts: number[];
}

/** Which parts go into the prompt. */
interface Plan {
  /** The first earlier message kept: the ones before it are dropped. */
  historyFrom: number;
  blocks: string[];
  truncated: boolean;
  /** The parts' counts summed, with a margin at every join: an upper bound of the assembled prompt's count. */
  tokens: number;
}

/**
 * Builds the prompt and fits it to the engine's window: promptTokens + maxAnswerTokens <= contextWindow. To fit,
 * history goes first (oldest message first), then the lowest-ranked sources, then the last kept source is cut
 * at a sentence boundary with a marker (only if at least minimumExcerptTokens of it fit, or it is the only
 * source: in a small window a few whole, better sources beat many fragments); the question always stays (cut
 * with a marker only if it alone does not fit). Each part is counted once with the engine's tokenizer and the
 * counts are summed with a margin at every join (a part counted alone carries its own leading-space token, and
 * the margin covers the few tokens a join can add), so promptTokens never under-counts the assembled prompt
 * (checked against exact counts with the Llama 2 tokenizer in the tests). Counting parts rather than the whole
 * prompt lets the counter remember the passages and rules that recur from question to question.
 */
export function buildPrompt(input: BuildPromptInput): BuiltPrompt {
  const parts = measureParts(input);
  const plan = addExcerpt(dropToFit(parts), parts);
  return assemblePrompt(parts, plan);
}

/** Renders each part of the prompt and counts it with the engine's tokenizer, once. */
function measureParts({ question, history, hits, profile, counter }: BuildPromptInput): MeasuredParts {
  const available = profile.contextWindow - profile.maxAnswerTokens;
  const cost = (content: string) => counter.count(content) + profile.tokensPerMessage;
  const systemCost = cost(systemRules);
  const joinCost = counter.count("\n\n") + 2;
  const headingCost = Math.max(counter.count(sourcesHeading), counter.count(noSourcesLine));
  const questionRoom = available - systemCost - headingCost - joinCost;
  const questionBlock = renderQuestion(
    fitQuestion(neutraliseSourceText(question.trim()), questionRoom, cost),
  );
  const historyMessages = history.map(renderHistoryTurn);
  const sourceBlocks = hits.map((hit, index) => renderSourceBlock(index + 1, hit, hit.chunk.text));
  return {
    hits,
    counter,
    available,
    joinCost,
    questionBlock,
    fixedCost: systemCost + cost(questionBlock) + headingCost + joinCost,
    history: historyMessages,
    historyCosts: historyMessages.map((message) => cost(message.content)),
    sourceBlocks,
    sourceCosts: sourceBlocks.map((block) => counter.count(block) + joinCost),
  };
}

/**
 * Drops the earlier messages, oldest first, until every source fits beside the rest; then, if that is not
 * enough, the lowest-ranked sources.
 */
function dropToFit(parts: MeasuredParts): Plan {
  const { available, fixedCost, history, sourceBlocks } = parts;
  const sourcesCost = (count: number) => sum(parts.sourceCosts.slice(0, count));
  const historyCost = (from: number) => sum(parts.historyCosts.slice(from));
  const tooLong = (kept: number, historyFrom: number) =>
    fixedCost + sourcesCost(kept) + historyCost(historyFrom) > available;
  let historyFrom = 0;
  while (historyFrom < history.length && tooLong(sourceBlocks.length, historyFrom)) historyFrom++;
  let kept = sourceBlocks.length;
  while (kept > 0 && tooLong(kept, historyFrom)) kept--;
  return {
    historyFrom,
    blocks: sourceBlocks.slice(0, kept),
    truncated: false,
    tokens: fixedCost + sourcesCost(kept) + historyCost(historyFrom),
  };
}

/**
 * Adds the first source left out, cut at a sentence boundary to the room left, with the truncation marker: only if
 * at least minimumExcerptTokens fit, unless it would be the only source.
 */
function addExcerpt(plan: Plan, { hits, counter, available, joinCost }: MeasuredParts): Plan {
  const next = hits[plan.blocks.length];
  if (next === undefined) return plan;
  const room = available - plan.tokens - joinCost;
  if (plan.blocks.length > 0 && room < minimumExcerptTokens) return plan;
  const number = plan.blocks.length + 1;
  const fits = (text: string) => counter.count(renderSourceBlock(number, next, text)) <= room;
  const excerpt = truncateToFit(next.chunk.text.trim(), fits, plan.blocks.length === 0);
  if (excerpt === null) return plan;
  const block = renderSourceBlock(number, next, excerpt);
  return {
    ...plan,
    blocks: [...plan.blocks, block],
    truncated: true,
    tokens: plan.tokens + counter.count(block) + joinCost,
  };
}

/** The messages in order (rules, kept history, sources with the question) and what was left out. */
function assemblePrompt({ hits, history, questionBlock }: MeasuredParts, plan: Plan): BuiltPrompt {
  const messages: PromptMessage[] = [
    { role: "system", content: systemRules },
    ...history.slice(plan.historyFrom),
    { role: "user", content: renderFinalMessage(plan.blocks, questionBlock) },
  ];
  return {
    messages,
    sources: hits.slice(0, plan.blocks.length),
    promptTokens: plan.tokens,
    truncatedSources: plan.truncated ? 1 : 0,
    droppedSources: hits.length - plan.blocks.length,
    droppedHistory: plan.historyFrom,
  };
}

/** The question alone (with the rules and the sources heading, nothing else) must fit; otherwise it is cut with a marker. */
function fitQuestion(question: string, room: number, cost: (content: string) => number): string {
  const fits = (text: string) => cost(renderQuestion(text)) <= room;
  return truncateToFit(question, fits, true) ?? truncationMarker;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
