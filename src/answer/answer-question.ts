import type { SearchHit } from "../documents/chunk.js";
import type { ChatEngine, PromptMessage } from "../engines/chat-engine.js";
import { DocentError, isDocentError } from "../errors.js";
import type { AnswerDependencies } from "./answer-dependencies.js";
import type { Answer, AnswerOutcome, Question } from "./answer-types.js";
import { buildPrompt } from "./build-prompt.js";
import { checkCitations } from "./check-citations.js";
import {
  buildExtractiveAnswer,
  buildNotCoveredAnswer,
  closestIntroduction,
  excerptsIntroduction,
  notCoveredSentence,
  tentativeIntroduction,
} from "./extractive-answer.js";
import { type FoundAnswer, findAnswer } from "./find-answer.js";
import { saysNotCovered } from "./not-covered-reply.js";
import { rankPassages } from "./rank-units.js";

/** Sources named in a "not covered" reply after the model found the passages don't answer. */
const closestSourceCount = 3;

/**
 * The answer pipeline: understand -> retrieve -> rank sentences -> judge coverage -> (quote | prompt -> generate
 * -> check citations). The question is read with its conversation (find-answer.ts: a follow-up is rewritten by
 * the model as a standalone question, or, without one, searched with the earlier questions it leans on), the
 * passages found are ranked sentence by sentence, and the coverage judgement decides: nothing
 * plausibly related is declined at once; with a model, anything related goes to the model, which says itself
 * when the passages don't answer; without one, the sentences and table rows that answer are quoted, or, when none
 * answers well enough, the closest passages, under an introduction that does not claim an answer (outcome
 * "closest-passages"); "I couldn't find an answer" is never followed by a passage.
 * Every outcome is an Answer; an engine failure, or no answer from the engine within engineTimeoutMs (queue wait
 * included), becomes the best passages with sources and the failure's code (surfaces say what went wrong).
 * Only cancellation (the asker went away) and a missing index reject.
 */
export async function answerQuestion(question: Question, dependencies: AnswerDependencies): Promise<Answer> {
  const { engine, links } = dependencies;
  const clock = startClock();
  const found = await findAnswer(question, dependencies);
  const { ranked, coverage, unmentioned, searchedAs } = found;
  const retrievalMs = clock.elapsed() - (searchedAs.rewriteMs ?? 0);
  const scopes = question.scopes ?? null;
  const reply = (outcome: AnswerOutcome, text: string, rest: Partial<Answer> = {}): Answer => ({
    text,
    citations: [],
    grounded: false,
    outcome,
    relevance: Math.round(coverage.confidence * 1000) / 1000,
    engine: engine?.id ?? "extractive",
    scopes,
    timings: { retrievalMs, firstTokenMs: null, totalMs: clock.elapsed() },
    usage: { promptTokens: 0, answerTokens: null, sources: 0 },
    searchedAs,
    ...rest,
  });

  if (coverage.level === "unrelated") return reply("not-covered", notCoveredSentence(scopes, unmentioned));
  if (engine === null) {
    if (coverage.level === "answers") {
      const introduction = coverage.sure ? excerptsIntroduction : tentativeIntroduction;
      const excerpts = buildExtractiveAnswer(ranked, links, { introduction, leading: found.leading });
      return reply("excerpts", excerpts.text, { citations: excerpts.citations, grounded: true });
    }
    const closest = buildExtractiveAnswer(ranked, links, { introduction: closestIntroduction });
    return reply("closest-passages", closest.text, { citations: closest.citations });
  }

  return await answerWithModel(question, { ...dependencies, engine }, found, reply, clock, retrievalMs);
}

type Reply = (outcome: AnswerOutcome, text: string, rest?: Partial<Answer>) => Answer;

/**
 * With a model: the passages ranked for the prompt -> the prompt within the token budget -> the answer generated,
 * streamed, within the deadline -> its citations checked. A failed or late engine answers with the best passages.
 */
async function answerWithModel(
  question: Question,
  dependencies: AnswerDependencies & { engine: ChatEngine },
  found: FoundAnswer,
  reply: Reply,
  clock: Clock,
  retrievalMs: number,
): Promise<Answer> {
  const { engine, links } = dependencies;
  const prompt = await promptFor(question, dependencies, found);
  const usage = { promptTokens: prompt.promptTokens, answerTokens: null, sources: prompt.sources.length };
  const generated = await generateAnswer(question, dependencies, prompt.messages, clock);
  if (!generated.ok) {
    const { failure, firstTokenMs } = generated;
    dependencies.logger.warn(
      { err: failure, code: isDocentError(failure) ? failure.code : "INTERNAL", engine: engine.id },
      "engine failed; answering with excerpts",
    );
    const excerpts = buildExtractiveAnswer(found.ranked, links);
    return reply("engine-failed", excerpts.text, {
      failure: isDocentError(failure) ? failure.code : "INTERNAL",
      citations: excerpts.citations,
      usage,
      timings: { retrievalMs, firstTokenMs, totalMs: clock.elapsed() },
    });
  }
  const timings = { retrievalMs, firstTokenMs: generated.firstTokenMs, totalMs: clock.elapsed() };
  const answerUsage = { ...usage, answerTokens: engine.tokenCounter.count(generated.text) };
  return replyFromModel(question, dependencies, generated.text, prompt.sources, reply, {
    timings,
    usage: answerUsage,
  });
}

type Generated =
  | { ok: true; text: string; firstTokenMs: number | null }
  | { ok: false; failure: unknown; firstTokenMs: number | null };

/**
 * The model's answer, streamed to the asker as it comes, within the engine's deadline. A failure (a late answer
 * among them) is returned for the caller to fall back on; only cancellation by the asker rejects.
 */
async function generateAnswer(
  question: Question,
  { engine, engineTimeoutMs }: AnswerDependencies & { engine: ChatEngine },
  messages: PromptMessage[],
  clock: Clock,
): Promise<Generated> {
  let text = "";
  let firstTokenMs: number | null = null;
  const deadline = startDeadline(engineTimeoutMs, question.signal);
  try {
    for await (const delta of engine.stream(messages, {
      signal: deadline.signal,
      onQueuePosition: question.onQueuePosition,
    })) {
      firstTokenMs ??= clock.elapsed();
      text += delta;
      question.onDelta?.(delta);
    }
    return { ok: true, text, firstTokenMs };
  } catch (caught) {
    const failure = deadline.expired() ? deadline.error(engine.id, caught) : caught;
    if (isDocentError(failure, "CANCELLED")) throw failure;
    return { ok: false, failure, firstTokenMs };
  } finally {
    deadline.clear();
  }
}

/**
 * The model's answer with its citations checked: the answer, or "not covered" with the closest sources when the
 * model says the passages don't answer (or cites none where citations are required).
 */
function replyFromModel(
  question: Question,
  { settings, links }: AnswerDependencies,
  text: string,
  sources: SearchHit[],
  reply: Reply,
  measured: Pick<Answer, "timings" | "usage">,
): Answer {
  const checked = checkCitations(text, sources, links);
  if (saysNotCovered(text) || (!checked.grounded && settings.requireCitations)) {
    const scopes = question.scopes ?? null;
    const notCovered = buildNotCoveredAnswer(scopes, sources.slice(0, closestSourceCount), links);
    return reply("not-covered", notCovered.text, { citations: notCovered.citations, ...measured });
  }
  return reply("answered", checked.text, {
    citations: checked.citations,
    grounded: checked.grounded,
    ...measured,
  });
}

/**
 * The prompt: the passages in the order retrieval ranks them for the question said whole (synonyms help find
 * sentences to quote, but measured to blur the order of whole passages), led by the one holding the best sentence.
 */
async function promptFor(
  question: Question,
  { knowledge, engine, settings }: AnswerDependencies & { engine: ChatEngine },
  { asked, ranked }: FoundAnswer,
) {
  const retrieved = await knowledge.search(asked.condensedText, {
    k: settings.topK,
    scopes: question.scopes,
  });
  const sources = rankPassages(ranked, retrieved, settings.topK);
  return buildPrompt({
    question: question.text,
    history: question.history ?? [],
    hits: sources,
    profile: engine.profile,
    counter: engine.tokenCounter,
  });
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

type Clock = ReturnType<typeof startClock>;

function startClock() {
  const started = performance.now();
  return { elapsed: () => Math.round(performance.now() - started) };
}
