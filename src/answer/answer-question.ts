import type { Config } from "../config/config.js";
import type { ChatEngine } from "../engines/chat-engine.js";
import { DocentError, isDocentError } from "../errors.js";
import type { KnowledgeBase } from "../index-store/knowledge-base.js";
import type { Logger } from "../logging/logger.js";
import { type AnalysedQuestion, analyseQuestion } from "../understanding/analyse-question.js";
import { readConversation } from "../understanding/read-conversation.js";
import type { Answer, AnswerOutcome, HistoryTurn, Question } from "./answer-types.js";
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
import { saysNotCovered } from "./not-covered-reply.js";
import { type RankedUnit, rankPassages, rankUnits, unmentionedFocus } from "./rank-units.js";
import { type CoverageJudgement, judgeCoverage } from "./relevance-gate.js";
import type { SourceLinker } from "./source-links.js";

/** Passages retrieved per source the prompt may hold, so that ranking by sentence has enough to choose from. */
const candidatesPerSource = 5;
const minimumCandidates = 30;
/** Sources named in a "not covered" reply after the model found the passages don't answer. */
const closestSourceCount = 3;

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
 * The answer pipeline: understand -> retrieve -> rank sentences -> judge coverage -> (quote | prompt -> generate
 * -> check citations). The question is read with its conversation (a follow-up is searched with the questions
 * before it), the passages found are ranked sentence by sentence, and the coverage judgement decides: nothing
 * plausibly related is declined at once; with a model, anything related goes to the model, which says itself
 * when the passages don't answer; without one, the sentences and table rows that answer are quoted, or, when none
 * answers well enough, the closest passages, under an introduction that does not claim an answer (outcome
 * "closest-passages"); "I couldn't find an answer" is never followed by a passage.
 * Every outcome is an Answer; an engine failure, or no answer from the engine within engineTimeoutMs (queue wait
 * included), becomes the best passages with sources and the failure's code (surfaces say what went wrong).
 * Only cancellation (the asker went away) and a missing index reject.
 */
export async function answerQuestion(question: Question, dependencies: AnswerDependencies): Promise<Answer> {
  const { knowledge, engine, settings, links } = dependencies;
  const clock = startClock();
  const { asked, ranked, coverage, unmentioned } = await findAnswer(question, dependencies);
  const retrievalMs = clock.elapsed();
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
    ...rest,
  });

  if (coverage.level === "unrelated") return reply("not-covered", notCoveredSentence(scopes, unmentioned));
  if (engine === null) {
    if (coverage.level === "answers") {
      const introduction = coverage.sure ? excerptsIntroduction : tentativeIntroduction;
      const excerpts = buildExtractiveAnswer(ranked, links, { introduction });
      return reply("excerpts", excerpts.text, { citations: excerpts.citations, grounded: true });
    }
    const closest = buildExtractiveAnswer(ranked, links, { introduction: closestIntroduction });
    return reply("closest-passages", closest.text, { citations: closest.citations });
  }

  // The passages in the order retrieval ranks them for the question said whole (synonyms help find sentences to
  // quote, but measured to blur the order of whole passages), led by the one holding the best sentence.
  const retrieved = await knowledge.search(asked.condensedText, {
    k: settings.topK,
    scopes: question.scopes,
  });
  const sources = rankPassages(ranked, retrieved, settings.topK);
  const prompt = buildPrompt({
    question: question.text,
    history: question.history ?? [],
    hits: sources,
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
    const excerpts = buildExtractiveAnswer(ranked, links);
    return reply("engine-failed", excerpts.text, {
      failure: isDocentError(error) ? error.code : "INTERNAL",
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
  if (saysNotCovered(text) || (!checked.grounded && settings.requireCitations)) {
    const notCovered = buildNotCoveredAnswer(scopes, prompt.sources.slice(0, closestSourceCount), links);
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

interface FoundAnswer {
  asked: AnalysedQuestion;
  ranked: RankedUnit[];
  coverage: CoverageJudgement;
  /** The word asked about that no passage found mentions, when that is why nothing related was found. */
  unmentioned: string | null;
}

/**
 * Understand, retrieve, rank and judge. A question that stands on its own is searched alone; a follow-up with the
 * earlier questions it leans on; one that points back but says enough to stand alone ("can I keep it?" after
 * naming the gift) alone first, and with its context only when alone it finds no answer and the context finds a
 * better one.
 */
async function findAnswer(question: Question, dependencies: AnswerDependencies): Promise<FoundAnswer> {
  const reading = readConversation(question.text, earlierQuestions(question.history ?? []));
  const first = await searchAndJudge(
    analyseQuestion(question.text, reading.leaning === "leans" ? reading.context : []),
    question,
    dependencies,
  );
  if (reading.leaning !== "maybe" || first.coverage.level === "answers") return first;
  const withContext = await searchAndJudge(
    analyseQuestion(question.text, reading.context),
    question,
    dependencies,
  );
  return helpsToLean(withContext, first) ? withContext : first;
}

/**
 * The context helps when the best sentence found with it says as much about the question asked now as the best one
 * found without it, and is a surer answer: "can the unused days roll over?" after a vacation question finds the
 * vacation carry-over rule; "do we get a day off on our birthday?" after a voting-leave question does not find the
 * voting-leave rule instead.
 */
function helpsToLean(withContext: FoundAnswer, alone: FoundAnswer): boolean {
  const own = (found: FoundAnswer) => found.ranked[0]?.ownCoverage ?? 0;
  return own(withContext) >= own(alone) && withContext.coverage.confidence > alone.coverage.confidence;
}

async function searchAndJudge(
  asked: AnalysedQuestion,
  question: Question,
  { knowledge, settings, engine }: AnswerDependencies,
): Promise<FoundAnswer> {
  const hits = await knowledge.search(asked.searchText, {
    k: Math.max(settings.topK * candidatesPerSource, minimumCandidates),
    scopes: question.scopes,
  });
  const ranked = rankUnits(asked, hits);
  const coverage = judgeCoverage(ranked, hits, settings.minRelevance);
  if (coverage.level === "answers") return { asked, ranked, coverage, unmentioned: null };
  // Without a model, not even related when what is asked about is a word the documents never use (a model may
  // know the documents' word for it: it reads what is related). A decline names that word.
  const unmentioned = unmentionedFocus(asked, hits);
  if (unmentioned !== null && engine === null) {
    return { asked, ranked, coverage: { ...coverage, level: "unrelated" }, unmentioned };
  }
  return { asked, ranked, coverage, unmentioned: coverage.level === "unrelated" ? unmentioned : null };
}

/** The asker's and other people's earlier messages (not the bot's answers), which a follow-up leans on. */
function earlierQuestions(history: readonly HistoryTurn[]): string[] {
  return history.filter((turn) => turn.author !== "assistant").map((turn) => turn.text);
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

function startClock() {
  const started = performance.now();
  return { elapsed: () => Math.round(performance.now() - started) };
}
