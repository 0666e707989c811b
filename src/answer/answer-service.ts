import type { Config } from "../config/config.js";
import { createEmbedder } from "../embeddings/create-embedder.js";
import type { ChatEngine } from "../engines/chat-engine.js";
import { createChatEngine } from "../engines/create-chat-engine.js";
import { createIndexStore } from "../index-store/create-index-store.js";
import { KnowledgeBase } from "../index-store/knowledge-base.js";
import type { Logger } from "../logging/logger.js";
import { answerQuestion } from "./answer-question.js";
import type { Answer, Question } from "./answer-types.js";
import { createSourceLinker } from "./source-links.js";

/** The core every surface (console, Slack, Discord) calls: a question in, an answer with citations out. */
export interface AnswerService {
  readonly knowledge: KnowledgeBase;
  readonly engine: ChatEngine | null;
  /** The engine's id, or "extractive" when no model is configured. */
  readonly engineId: string;
  /** `context` (the chat question's ids and platform) goes into the question's log line. */
  answer(question: Question, context?: QuestionLogContext): Promise<Answer>;
  close(): Promise<void>;
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

export async function createAnswerService(config: Readonly<Config>, logger: Logger): Promise<AnswerService> {
  const embedder = await createEmbedder(config.embeddings, logger);
  const engine = await createChatEngine(config.llm, logger);
  for (const warning of engine?.warnings() ?? []) logger.warn({ engine: engine?.id }, warning);
  const store = await createIndexStore(config, logger.child({ component: "index-store" }));
  const knowledge = new KnowledgeBase(store, embedder, logger.child({ component: "knowledge" }));
  const links = createSourceLinker(config.answers);
  const answerLogger = logger.child({ component: "answer" });
  return {
    knowledge,
    engine,
    engineId: engine?.id ?? "extractive",
    async answer(question, context = {}) {
      const answer = await answerQuestion(question, {
        knowledge,
        engine,
        settings: config.answers,
        links,
        logger: answerLogger,
        engineTimeoutMs: config.llm.totalTimeoutMs,
        rewriteTimeoutMs: config.llm.rewriteTimeoutMs,
      });
      answerLogger.info(
        { ...context, ...describeForLog(question, answer, config.logContent) },
        "question answered",
      );
      return answer;
    },
    async close() {
      await engine?.close?.();
      await embedder.close?.();
      await store.close();
    },
  };
}
