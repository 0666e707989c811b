import type { KnowledgeBase } from "../index-store/knowledge-base.js";

/**
 * Tells the operator, once, when the published index generation could not be opened and the one kept before it
 * answers instead (KnowledgeBase.fallbackNotice): the answers come, and the warning says what to repair.
 */
export function warnAboutFallback(knowledge: KnowledgeBase): void {
  const notice = knowledge.fallbackNotice();
  if (notice === null || warned.has(knowledge)) return;
  warned.add(knowledge);
  process.stderr.write(`docent: warning: ${notice}\n`);
}

const warned = new WeakSet<KnowledgeBase>();

/** Loads the index ahead of the first question and warns as above; a failure is left for the question to meet. */
export async function loadIndexAndWarn(knowledge: KnowledgeBase): Promise<void> {
  await knowledge.current().catch(() => undefined);
  warnAboutFallback(knowledge);
}
