import type { Answerer } from "../answer/answerer.js";
import { createAnswerer } from "../answer/answerer.js";
import { createSourceLinker } from "../answer/source-links.js";
import type { Config } from "../config/config.js";
import { createEmbedder } from "../embeddings/create-embedder.js";
import { createChatEngine } from "../engines/create-chat-engine.js";
import { createIndexStore } from "../index-store/create-index-store.js";
import { KnowledgeBase } from "../index-store/knowledge-base.js";
import type { Logger } from "../logging/logger.js";

/** An answerer with the parts under it, which `close` releases (the engine, the embedder, the store). */
export type AssembledAnswerer = Answerer & { close(): Promise<void> };

/**
 * The composition of the answering side, done here and nowhere else: the embedder, the chat engine and the index
 * store the configuration names, the knowledge base over the store, and the answer pipeline handed all of them.
 * Every command that answers or reads the index (ask, chat, start, status) starts from it.
 */
export async function assembleAnswerer(config: Readonly<Config>, logger: Logger): Promise<AssembledAnswerer> {
  const embedder = await createEmbedder(config.embeddings, logger);
  const engine = await createChatEngine(config.llm, logger);
  for (const warning of engine?.warnings() ?? []) logger.warn({ engine: engine?.id }, warning);
  const store = await createIndexStore(config, logger.child({ component: "index-store" }));
  const knowledge = new KnowledgeBase(store, embedder, logger.child({ component: "knowledge" }));
  const answerer = createAnswerer(
    {
      knowledge,
      engine,
      settings: config.answers,
      links: createSourceLinker(config.answers),
      logger: logger.child({ component: "answer" }),
      engineTimeoutMs: config.llm.totalTimeoutMs,
      rewriteTimeoutMs: config.llm.rewriteTimeoutMs,
    },
    config.logContent,
  );
  return {
    ...answerer,
    async close() {
      await engine?.close?.();
      await embedder.close?.();
      await store.close();
    },
  };
}
