import type { ChatEngine } from "../engines/chat-engine.js";
import type { KnowledgeBase } from "../index-store/knowledge-base.js";
import type { AnswerDependencies } from "./answer-dependencies.js";
import { answerQuestion } from "./answer-question.js";
import type { Answer, Question } from "./answer-types.js";

/**
 * The answer layer's face toward the chat core and the console commands: the answer pipeline (answer-question.ts)
 * bound to the parts it was handed (src/cli/assemble-answerer.ts builds them), writing one log line per question.
 */
export interface Answerer {
  readonly knowledge: KnowledgeBase;
  readonly engine: ChatEngine | null;
  /** The engine's id, or "extractive" when no model is configured. */
  readonly engineId: string;
  /** `context` (the chat question's ids and platform) goes into the question's log line. */
  answer(question: Question, context?: QuestionLogContext): Promise<Answer>;
}

/** Who asked where, for the log line: ids only, never names or text. */
export interface QuestionLogContext {
  questionId?: string;
  answerId?: string;
  platform?: string;
}

/** One log line per question: ids, outcome, counts and timings; the texts only with DOCENT_LOG_CONTENT=true. */
function describeForLog(question: Question, answer: Answer, logContent: boolean): object {
  return {
    outcome: answer.outcome,
    relevance: answer.relevance,
    engine: answer.engine,
    scopes: answer.scopes,
    sources: answer.citations.map((citation) => citation.source),
    timings: answer.timings,
    usage: answer.usage,
    searchedAs: logContent ? answer.searchedAs : withoutText(answer.searchedAs),
    ...(logContent ? { question: question.text, answer: answer.text } : {}),
  };
}

/** How the question was searched, without the rewritten question's text (the asker's words). */
function withoutText(searchedAs: Answer["searchedAs"]): Answer["searchedAs"] {
  if (searchedAs === undefined) return undefined;
  const { text: _text, ...rest } = searchedAs;
  return rest;
}

/** The pipeline bound to its parts; `logContent` (DOCENT_LOG_CONTENT) lets the log line carry the texts. */
export function createAnswerer(dependencies: AnswerDependencies, logContent: boolean): Answerer {
  const { knowledge, engine, logger } = dependencies;
  return {
    knowledge,
    engine,
    engineId: engine?.id ?? "extractive",
    async answer(question, context = {}) {
      const answer = await answerQuestion(question, dependencies);
      logger.info({ ...context, ...describeForLog(question, answer, logContent) }, "question answered");
      return answer;
    },
  };
}
