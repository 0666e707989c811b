import type { ChatEngine } from "../engines/chat-engine.js";
import { DocentError, isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import {
  type AnalysedQuestion,
  analyseQuestion,
  countContentWords,
} from "../understanding/analyse-question.js";
import { leaningOf } from "../understanding/question-parts.js";
import type { Question, SearchedAs, SearchReason } from "./answer-types.js";
import { checkRewrite, dropLabel } from "./check-rewrite.js";
import { buildRewritePrompt, type RewritePrompt, rewriteBudget } from "./standalone-prompt.js";

/**
 * How a question is read for the search (the first stage of the answer pipeline). A question with no conversation
 * before it is searched alone. With a conversation and a chat model, the model first rewrites it as a standalone
 * question (LangChain's history-aware retrieval): "and for part-timers?" after a question about vacation days is
 * searched as "How many vacation days do part-timers get?", and a question that changes the subject comes back
 * unchanged and is searched alone (unless it cannot stand alone: then the model did not rewrite it). Otherwise, or
 * when the model is slow, down or says something unusable, the question is read without the model (find-answer.ts,
 * read-conversation.ts).
 *
 * Only the search reads the rewrite: the model's answer prompt still gets the question as asked and the history.
 */
export interface SearchReadingOptions {
  engine: ChatEngine | null;
  /** LLM_REWRITE_TIMEOUT_MS, its wait for a free engine slot included; 0 or undefined: no rewrite. */
  timeoutMs: number | undefined;
  logger: Logger;
}

export interface SearchReading {
  /** The question to search with; null: read it without the model (find-answer.ts's offline reading). */
  asked: AnalysedQuestion | null;
  searchedAs: SearchedAs;
}

export async function readForSearch(
  question: Question,
  options: SearchReadingOptions,
): Promise<SearchReading> {
  const { logger } = options;
  const history = question.history ?? [];
  const alone = (reason: SearchReason, rewriteMs?: number): SearchReading => ({
    asked: analyseQuestion(question.text, []),
    searchedAs: { how: "alone", reason, ...(rewriteMs === undefined ? {} : { rewriteMs }) },
  });
  const offline = (how: SearchedAs["how"], reason: SearchReason, rewriteMs?: number): SearchReading => ({
    asked: null,
    searchedAs: { how, reason, ...(rewriteMs === undefined ? {} : { rewriteMs }) },
  });
  if (history.length === 0) return alone("no-history");
  const { engine } = options;
  const timeoutMs = options.timeoutMs ?? 0;
  const skip = engine === null ? "no-engine" : reasonToSkip(question.text, engine, timeoutMs);
  if (skip !== null || engine === null) {
    logger.debug({ rewrite: "skipped", reason: skip }, "follow-up read without the model");
    return offline("with-history", skip ?? "no-engine");
  }
  const started = performance.now();
  const prompt = buildRewritePrompt(question.text, history, engine.tokenCounter);
  const reply = await askForRewrite(engine, prompt, question, timeoutMs);
  const rewriteMs = Math.round(performance.now() - started);
  const checked =
    "failed" in reply
      ? ({ usable: false, reason: reply.failed } as const)
      : checkRewrite(reply.text, reply.capped, question.text, prompt.shownQuestion);
  if (!checked.usable) {
    const code = "code" in reply ? reply.code : undefined;
    logger.info({ rewrite: "fallback", reason: checked.reason, code, rewriteMs }, "rewrite unusable");
    return offline("fallback", checked.reason, rewriteMs);
  }
  logger.debug(
    { rewrite: checked.unchanged ? "unchanged" : "used", rewriteMs, turns: prompt.turns },
    "follow-up read by the model",
  );
  if (checked.unchanged) {
    // Given back as asked, a question that cannot stand alone ("and for part-timers?") was not rewritten: the
    // model did not resolve what it points back to, so the offline reading does.
    if (leaningOf(question.text, countContentWords(question.text)) === "leans")
      return offline("fallback", "unchanged-incomplete", rewriteMs);
    return alone("unchanged", rewriteMs);
  }
  return {
    asked: analyseQuestion(checked.text, []),
    searchedAs: { how: "rewritten", text: checked.text, rewriteMs },
  };
}

/**
 * Why not to ask the model at all. The engine's queue matters: at concurrency 1 (local engines) an answer being
 * generated holds the only slot for far longer than the rewrite's deadline, so a rewrite that joined the line
 * would nearly always time out, after adding its whole deadline to the wait, and would then hold the slot in front
 * of the answers queued behind it. So the rewrite is asked for only when the engine can start it at once (a slot
 * free and nobody waiting); otherwise the question is read without the model. The deadline still counts any wait
 * (another question may take the slot first).
 */
function reasonToSkip(text: string, engine: ChatEngine, timeoutMs: number): SearchReason | null {
  if (timeoutMs <= 0) return "off";
  // A base model continues text rather than following the instructions: its "rewrite" would be a guess.
  if (!engine.profile.chatTuned) return "base-model";
  if (engine.tokenCounter.count(text) > rewriteBudget.questionTokens) return "long-question";
  if (!engine.hasFreeSlot()) return "engine-busy";
  return null;
}

type ModelReply = { text: string; capped: boolean } | { failed: SearchReason; code?: string };

/**
 * Streams the rewrite, reading only its first line and at most a few dozen tokens: at the first line break, or at
 * the cap, the reading stops, which aborts the request underneath (a model that goes on to explain or answer is
 * not waited for). The deadline aborts the request too. The asker going away rejects with CANCELLED, as the rest
 * of the pipeline does; any other failure is a reason to read the question without the model.
 */
async function askForRewrite(
  engine: ChatEngine,
  prompt: RewritePrompt,
  question: Question,
  timeoutMs: number,
): Promise<ModelReply> {
  const cap = engine.tokenCounter.count(prompt.shownQuestion) + rewriteBudget.extraOutputTokens;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const asker = question.signal;
  const signal = asker ? AbortSignal.any([asker, deadline.signal]) : deadline.signal;
  let raw = "";
  try {
    for await (const delta of engine.stream(prompt.messages, { signal })) {
      raw += delta;
      const text = dropLabel(raw);
      if (text.includes("\n")) return { text, capped: false };
      if (engine.tokenCounter.count(text) > cap) return { text, capped: true };
    }
    return { text: raw, capped: false };
  } catch (error) {
    if (asker?.aborted) {
      throw isDocentError(error, "CANCELLED")
        ? error
        : new DocentError("CANCELLED", "The question was cancelled", { cause: error });
    }
    if (deadline.signal.aborted) return { failed: "timeout" };
    return { failed: "engine-failed", code: isDocentError(error) ? error.code : "INTERNAL" };
  } finally {
    clearTimeout(timer);
  }
}
