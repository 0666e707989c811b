import type { Config } from "../config/config.js";
import type { ChatEngine } from "../engines/chat-engine.js";
import type { KnowledgeBase } from "../index-store/knowledge-base.js";
import type { Logger } from "../logging/logger.js";
import type { SourceLinker } from "./source-links.js";

/**
 * The parts the answer pipeline (answer-question.ts) works with, assembled by the CLI's composition module
 * (src/cli/assemble-parts.ts) and handed in: the answer layer builds none of them.
 */
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
  /** LLM_REWRITE_TIMEOUT_MS: the model rewrites a follow-up for the search within it; 0 or undefined: no rewrite. */
  rewriteTimeoutMs?: number;
}
