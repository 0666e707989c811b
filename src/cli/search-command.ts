import { createInterface } from "node:readline";
import { headingText, type SearchHit } from "../documents/chunk.js";
import { createEmbedder } from "../embeddings/create-embedder.js";
import { createIndexStore } from "../index-store/create-index-store.js";
import { KnowledgeBase } from "../index-store/knowledge-base.js";
import { parseScopes } from "./ask-command.js";
import { createCliContext } from "./cli-context.js";
import { warnAboutFallback } from "./fallback-notice.js";
import { parseCommandLine } from "./parse-command-line.js";

/**
 * Retrieval only, through the same code path the bots use. With no QUESTION, questions are read from standard
 * input, one per line. --json prints one line per question (a stable contract for other tools).
 */
export async function runSearchCommand(argv: string[]): Promise<number> {
  const line = parseCommandLine("search", argv);
  const { positionals } = line;
  const json = line.flag("json");
  const top = Number(line.text("top") ?? "5");
  if (!Number.isInteger(top) || top < 1 || top > 1000) {
    process.stderr.write("docent search: --top takes a whole number from 1 to 1000\n");
    return 1;
  }
  const scopes = parseScopes(line.text("scope"));
  const { config, logger } = createCliContext({ DOCENT_INDEX_DIR: line.text("index") });
  const embedder = await createEmbedder(config.embeddings, logger);
  const store = await createIndexStore(config, logger);
  try {
    const knowledge = new KnowledgeBase(store, embedder, logger);
    await knowledge.current();
    warnAboutFallback(knowledge);
    const answer = async (question: string) => {
      const hits = await knowledge.search(question, { k: top, scopes });
      process.stdout.write(json ? formatJson(question, hits) : formatReadable(question, hits));
    };
    if (positionals.length > 0) {
      await answer(positionals.join(" "));
      return 0;
    }
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line.trim() !== "") await answer(line.trim());
    }
    return 0;
  } finally {
    await embedder.close?.();
    await store.close();
  }
}

function formatJson(question: string, hits: readonly SearchHit[]): string {
  const results = hits.map(({ chunk, score }) => ({
    source: chunk.source,
    page: chunk.page,
    heading: headingText(chunk),
    scope: chunk.scope,
    score: Math.round(score * 10_000) / 10_000,
    text: chunk.text,
  }));
  return `${JSON.stringify({ question, results })}\n`;
}

function formatReadable(question: string, hits: readonly SearchHit[]): string {
  const lines = [`? ${question}`];
  if (hits.length === 0) lines.push("  (no results)");
  hits.forEach(({ chunk, score }, rank) => {
    const where = chunk.page === null ? chunk.source : `${chunk.source} (page ${chunk.page})`;
    lines.push(`${String(rank + 1).padStart(3)}. ${where}  [${chunk.scope}]  ${score.toFixed(3)}`);
    lines.push(`     ${headingText(chunk)}`);
    const excerpt = chunk.text.replace(/\s+/g, " ").slice(0, 200);
    lines.push(`     ${excerpt}${chunk.text.length > 200 ? "..." : ""}`);
  });
  return `${lines.join("\n")}\n\n`;
}
