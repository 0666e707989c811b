import type { Config } from "../config/config.js";
import type { SearchHit } from "../documents/chunk.js";
import type { ChatEngine } from "../engines/chat-engine.js";
import { DocentError, friendlyMessage, isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { KnowledgeBase } from "../retrieval/knowledge-base.js";
import type { Answer, AnswerOutcome, Question } from "./answer-types.js";
import { buildPrompt } from "./build-prompt.js";
import { checkCitations } from "./check-citations.js";
import { buildExtractiveAnswer, buildNotCoveredAnswer } from "./extractive-answer.js";
import { passRelevanceGate } from "./relevance-gate.js";
import type { SourceLinker } from "./source-links.js";

export interface AnswerDependencies {
  knowledge: KnowledgeBase;
  /** null: no model configured; answers are quoted passages. */
  engine: ChatEngine | null;
  settings: Config["answers"];
  links: SourceLinker;
  logger: Logger;
  /**
   * The longest a question waits for the model, its place in the engine's queue included (LLM_TOTAL_TIMEOUT_MS).
   * Past it the answer is the friendly sentence plus the best passages. Undefined: no bound beyond the engine's own.
   */
  engineTimeoutMs?: number;
}

/**
 * The answer pipeline: retrieve -> relevance gate -> build prompt -> generate (streamed) -> check citations.
 * Every outcome is an Answer; an engine failure, or no answer from the engine within engineTimeoutMs (queue wait
 * included), becomes a friendly sentence saying the model could not answer, plus the best passages with sources.
 * Only cancellation (the asker went away) and a missing index reject.
 */
export async function answerQuestion(question: Question, dependencies: AnswerDependencies): Promise<Answer> {
  const { knowledge, engine, settings, links } = dependencies;
  const clock = startClock();
  const hits = await knowledge.search(question.text, { k: settings.topK, scopes: question.scopes });
  const retrievalMs = clock.elapsed();
  const scopes = question.scopes ?? null;
  const reply = (outcome: AnswerOutcome, text: string, rest: Partial<Answer> = {}): Answer => ({
    text,
    citations: [],
    grounded: false,
    outcome,
    engine: engine?.id ?? "extractive",
    scopes,
    timings: { retrievalMs, firstTokenMs: null, totalMs: clock.elapsed() },
    usage: { promptTokens: 0, answerTokens: null, sources: 0 },
    ...rest,
  });

  const relevant = passRelevanceGate(hits, settings.minRelevance);
  if (relevant.length === 0) {
    const notCovered = buildNotCoveredAnswer(scopes, [], links);
    return reply("not-covered", notCovered.text, { citations: notCovered.citations });
  }
  if (engine === null) {
    const excerpts = buildExtractiveAnswer(question.text, relevant, links);
    return reply("excerpts", excerpts.text, { citations: excerpts.citations, grounded: true });
  }

  const prompt = buildPrompt({
    question: question.text,
    history: question.history ?? [],
    hits: relevant,
    profile: engine.profile,
    counter: engine.tokenCounter,
  });
  const usage = { promptTokens: prompt.promptTokens, answerTokens: null, sources: prompt.sources.length };
  let text = "";
  let firstTokenMs: number | null = null;
  const deadline = startDeadline(dependencies.engineTimeoutMs, question.signal);
  try {
    for await (const delta of engine.stream(prompt.messages, {
      signal: deadline.signal,
      onQueuePosition: question.onQueuePosition,
    })) {
      firstTokenMs ??= clock.elapsed();
      text += delta;
      question.onDelta?.(delta);
    }
  } catch (caught) {
    const error = deadline.expired() ? deadline.error(engine.id, caught) : caught;
    if (isDocentError(error, "CANCELLED")) throw error;
    dependencies.logger.warn(
      { err: error, code: isDocentError(error) ? error.code : "INTERNAL", engine: engine.id },
      "engine failed; answering with excerpts",
    );
    const excerpts = excerptsAfterFailure(question.text, relevant, scopes, links);
    return reply("engine-failed", `${friendlyMessage(error)} ${excerpts.text}`, {
      citations: excerpts.citations,
      usage,
      timings: { retrievalMs, firstTokenMs, totalMs: clock.elapsed() },
    });
  } finally {
    deadline.clear();
  }

  const timings = { retrievalMs, firstTokenMs, totalMs: clock.elapsed() };
  const answerUsage = { ...usage, answerTokens: engine.tokenCounter.count(text) };
  const checked = checkCitations(text, prompt.sources, links);
  if (!checked.grounded && settings.requireCitations) {
    const notCovered = buildNotCoveredAnswer(scopes, closestSources(relevant), links);
    return reply("not-covered", notCovered.text, {
      citations: notCovered.citations,
      timings,
      usage: answerUsage,
    });
  }
  return reply("answered", checked.text, {
    citations: checked.citations,
    grounded: checked.grounded,
    timings,
    usage: answerUsage,
  });
}

/**
 * The passages to offer when the model could not answer: quoted as the extractive engine quotes them, or, when
 * none quotes well, the closest sources named. Either way the reply carries sources.
 */
function excerptsAfterFailure(
  question: string,
  relevant: readonly SearchHit[],
  scopes: readonly string[] | null,
  links: SourceLinker,
) {
  const excerpts = buildExtractiveAnswer(question, relevant, links);
  return excerpts.citations.length > 0
    ? excerpts
    : buildNotCoveredAnswer(scopes, closestSources(relevant), links);
}

/**
 * The asker's signal, aborted also when the engine part of the answer outlives its time: the queue hears the
 * abort and lets the question go, a running request is cancelled underneath.
 */
function startDeadline(timeoutMs: number | undefined, asker: AbortSignal | undefined) {
  const controller = new AbortController();
  const timer =
    timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(), Math.max(0, timeoutMs));
  const signal = asker ? AbortSignal.any([asker, controller.signal]) : controller.signal;
  return {
    signal,
    /** The deadline passed, and the asker is still waiting. */
    expired: () => controller.signal.aborted && asker?.aborted !== true,
    error: (engineId: string, cause: unknown) =>
      new DocentError(
        "ENGINE_TIMEOUT",
        `${engineId} gave no complete answer within ${timeoutMs} ms (waiting in the queue included)`,
        { cause, retryable: true },
      ),
    clear: () => clearTimeout(timer),
  };
}

function closestSources(hits: readonly SearchHit[]): SearchHit[] {
  return hits.slice(0, 3);
}

function startClock() {
  const started = performance.now();
  return { elapsed: () => Math.round(performance.now() - started) };
}
