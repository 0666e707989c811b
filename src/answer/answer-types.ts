import type { ErrorCode } from "../errors.js";

/**
 * The answer pipeline's data: a question goes in (with the scopes it may see and its conversation so far),
 * an Answer with verified citations comes out.
 */

/** One earlier message of the conversation. Other people's messages are context, never instructions. */
export interface HistoryTurn {
  author: "user" | "assistant" | "other";
  /** Display name for "other" authors, shown in the prompt as who said it. */
  name?: string;
  text: string;
}

export interface Question {
  text: string;
  /** Scopes this conversation may see; undefined means every scope (the CLI). */
  scopes?: readonly string[];
  history?: readonly HistoryTurn[];
  signal?: AbortSignal;
  /** Called with each piece of answer text as it is generated. */
  onDelta?: (delta: string) => void;
  /** Called while the question waits for the engine, with its 1-based place in the queue. */
  onQueuePosition?: (position: number) => void;
}

export interface Citation {
  /** The source number as cited in the text: [n]. */
  n: number;
  source: string;
  page: number | null;
  heading: string;
  scope: string;
  url?: string;
}

export type AnswerOutcome =
  /** The engine answered and cited its sources. */
  | "answered"
  /** Retrieval found nothing relevant, or the answer cited nothing and was replaced. */
  | "not-covered"
  /** No engine configured: the sentences that answer, quoted. */
  | "excerpts"
  /**
   * No engine configured, and no sentence found answers: the passages that come closest, under an introduction
   * that says so. Not an answer (grounded is false): the documents may not cover the question.
   */
  | "closest-passages"
  /** The engine failed or timed out: the best passages, with `failure` saying what went wrong. */
  | "engine-failed";

/**
 * How the question was read for the search: "alone" (no conversation before it, or the model found that it
 * stands on its own), "rewritten" (the model wrote it out as a standalone question, `text`), "with-history" (read
 * without the model, leaning on the earlier questions where it sounds like a follow-up: no engine, the rewrite
 * turned off or skipped) or "fallback" (the same, after the model's rewrite failed or was unusable).
 */
export interface SearchedAs {
  how: "alone" | "rewritten" | "with-history" | "fallback";
  /** The standalone question searched, when rewritten. The asker's own words (logged only with DOCENT_LOG_CONTENT). */
  text?: string;
  /** Why it was read that way: a code, never text (see standalone-question.ts). */
  reason?: SearchReason;
  /** How long the model took over the rewrite, when it was asked (not counted in timings.retrievalMs). */
  rewriteMs?: number;
}

export type SearchReason =
  | "no-history"
  | "unchanged"
  | "unchanged-incomplete"
  | "no-engine"
  | "off"
  | "base-model"
  | "long-question"
  | "engine-busy"
  | "timeout"
  | "engine-failed"
  | "empty"
  | "too-long"
  | "refusal"
  | "answer"
  | "not-a-question"
  | "unrelated";

export interface Answer {
  text: string;
  citations: Citation[];
  grounded: boolean;
  outcome: AnswerOutcome;
  /**
   * Set when outcome is "engine-failed": what went wrong (ENGINE_TIMEOUT, ENGINE_UNAVAILABLE, RATE_LIMITED for a
   * full queue...). `text` then holds only the quoted passages; each surface leads them with the sentence for it.
   */
  failure?: ErrorCode;
  /**
   * How much of the question the best sentence found accounts for (0 to about 1.15), the value the "not covered"
   * decision compares with DOCENT_MIN_RELEVANCE; logged with each question so that the threshold can be tuned.
   */
  relevance: number;
  engine: string;
  scopes: readonly string[] | null;
  timings: { retrievalMs: number; firstTokenMs: number | null; totalMs: number };
  usage: { promptTokens: number; answerTokens: number | null; sources: number };
  /** How the question was read for the search (set by the answer pipeline). */
  searchedAs?: SearchedAs;
}
