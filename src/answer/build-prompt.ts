import type { SearchHit } from "../documents/chunk.js";
import type { EngineProfile } from "../engines/chat-engine.js";
import type { HistoryTurn, PromptMessage, TokenCounter } from "./answer-types.js";
import { truncateToFit, truncationMarker } from "./fit-to-budget.js";
import { neutraliseSourceText } from "./neutralise-source-text.js";
import {
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
  /** Every message counted by the engine's counter, plus profile.tokensPerMessage per message. */
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

interface Plan {
  historyFrom: number;
  blocks: string[];
  truncated: boolean;
}

/**
 * Builds the prompt and fits it to the engine's window: promptTokens + maxAnswerTokens <= contextWindow. To fit,
 * history goes first (oldest message first), then the lowest-ranked sources, then the last kept source is cut
 * at a sentence boundary with a marker (only if at least minimumExcerptTokens of it fit, or it is the only
 * source: in a small window a few whole, better sources beat many fragments); the question always stays (cut with a marker only if it alone does
 * not fit). Parts are counted once each and summed with a margin at every join; the assembled messages are then
 * counted exactly, and the plan is redone with a smaller budget in the rare case the sum was too low.
 */
export function buildPrompt(input: BuildPromptInput): BuiltPrompt {
  const { profile, counter, hits } = input;
  const available = profile.contextWindow - profile.maxAnswerTokens;
  const cost = (content: string) => counter.count(content) + profile.tokensPerMessage;
  const systemCost = cost(systemRules);
  const question = fitQuestion(neutraliseSourceText(input.question.trim()), available - systemCost, cost);
  const questionBlock = renderQuestion(question);
  const history = input.history.map(renderHistoryTurn);
  const historyCosts = history.map((message) => cost(message.content));
  const fullBlocks = hits.map((hit, index) => renderSourceBlock(index + 1, hit, hit.chunk.text));
  const joinCost = counter.count("\n\n") + 2;
  const fixedCost = systemCost + cost(questionBlock) + counter.count(sourcesHeading) + joinCost;
  const blockCosts = fullBlocks.map((block) => counter.count(block) + joinCost);
  const plan = (budget: number): Plan => {
    const sourcesCost = (count: number) => blockCosts.slice(0, count).reduce((sum, value) => sum + value, 0);
    const historyCost = (from: number) => historyCosts.slice(from).reduce((sum, value) => sum + value, 0);
    const all = sourcesCost(hits.length);
    let historyFrom = 0;
    while (historyFrom < history.length && fixedCost + all + historyCost(historyFrom) > budget) historyFrom++;
    let kept = hits.length;
    while (kept > 0 && fixedCost + sourcesCost(kept) + historyCost(historyFrom) > budget) kept--;
    const blocks = fullBlocks.slice(0, kept);
    const next = hits[kept];
    if (next === undefined) return { historyFrom, blocks, truncated: false };
    const room = budget - fixedCost - sourcesCost(kept) - historyCost(historyFrom) - joinCost;
    if (kept > 0 && room < minimumExcerptTokens) return { historyFrom, blocks, truncated: false };
    const fits = (text: string) => counter.count(renderSourceBlock(kept + 1, next, text)) <= room;
    const excerpt = truncateToFit(next.chunk.text.trim(), fits, kept === 0);
    if (excerpt === null) return { historyFrom, blocks, truncated: false };
    return { historyFrom, blocks: [...blocks, renderSourceBlock(kept + 1, next, excerpt)], truncated: true };
  };

  let budget = available;
  for (let attempt = 0; ; attempt++) {
    const chosen = plan(budget);
    const messages: PromptMessage[] = [
      { role: "system", content: systemRules },
      ...history.slice(chosen.historyFrom),
      { role: "user", content: renderFinalMessage(chosen.blocks, questionBlock) },
    ];
    const promptTokens = messages.reduce((sum, message) => sum + cost(message.content), 0);
    if (promptTokens <= available || attempt === 4) {
      return {
        messages,
        sources: hits.slice(0, chosen.blocks.length),
        promptTokens,
        truncatedSources: chosen.truncated ? 1 : 0,
        droppedSources: hits.length - chosen.blocks.length,
        droppedHistory: chosen.historyFrom,
      };
    }
    budget -= promptTokens - available + joinCost;
  }
}

/** The question alone (with the rules, no history, no sources) must fit; otherwise it is cut with a marker. */
function fitQuestion(question: string, room: number, cost: (content: string) => number): string {
  const fits = (text: string) => cost(renderFinalMessage([], renderQuestion(text))) <= room;
  return truncateToFit(question, fits, true) ?? truncationMarker;
}
