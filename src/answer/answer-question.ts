import type { Config } from "../config/config.js";
import type { SearchHit } from "../documents/chunk.js";
import type { ChatEngine } from "../engines/chat-engine.js";
import { friendlyMessage, isDocentError } from "../errors.js";
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
}

/**
 * The answer pipeline: retrieve -> relevance gate -> build prompt -> generate (streamed) -> check citations.
 * Every outcome is an Answer; an engine failure becomes a friendly sentence plus the best passages.
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
  try {
    for await (const delta of engine.stream(prompt.messages, {
      signal: question.signal,
      onQueuePosition: question.onQueuePosition,
    })) {
      firstTokenMs ??= clock.elapsed();
      text += delta;
      question.onDelta?.(delta);
    }
  } catch (error) {
    if (isDocentError(error, "CANCELLED")) throw error;
    dependencies.logger.warn({ err: error, engine: engine.id }, "engine failed; answering with excerpts");
    const excerpts = buildExtractiveAnswer(question.text, relevant, links);
    return reply("engine-failed", `${friendlyMessage(error)} ${excerpts.text}`, {
      citations: excerpts.citations,
      usage,
      timings: { retrievalMs, firstTokenMs, totalMs: clock.elapsed() },
    });
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

function closestSources(hits: readonly SearchHit[]): SearchHit[] {
  return hits.slice(0, 3);
}

function startClock() {
  const started = performance.now();
  return { elapsed: () => Math.round(performance.now() - started) };
}
