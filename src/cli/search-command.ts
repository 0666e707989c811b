import { headingText, type SearchHit } from "../documents/chunk.js";
import { createEmbedder } from "../embeddings/create-embedder.js";
import { createIndexStore } from "../index-store/create-index-store.js";
import { KnowledgeBase } from "../index-store/knowledge-base.js";
import type { Logger } from "../logging/logger.js";
import { createCliContext } from "./cli-context.js";
import { warnAboutFallback } from "./fallback-notice.js";
import { parseCommandLine } from "./parse-command-line.js";
import { describeQuestionFailure, reportLine, tooLongSentence } from "./question-problems.js";
import { readQuestionLines } from "./read-question-lines.js";
import { parseScopeFlag } from "./scope-flag.js";

/**
 * Retrieval only, through the same code path the bots use. With no QUESTION, questions are read from standard
 * input, one per line. --json prints one line per question (a stable contract for other tools).
 */
export async function runSearchCommand(argv: string[]): Promise<number> {
  const line = parseCommandLine("search", argv);
  const { positionals } = line;
  const json = line.flag("json");
  const topText = (line.text("top") ?? "5").trim();
  const top = /^\d+$/.test(topText) ? Number(topText) : Number.NaN;
  if (!Number.isInteger(top) || top < 1 || top > 1000) {
    process.stderr.write("docent search: --top takes a whole number from 1 to 1000\n");
    return 1;
  }
  const scopes = parseScopeFlag("search", line.text("scope"));
  const { config, logger } = createCliContext({ DOCENT_INDEX_DIR: line.text("index") });
  const maxChars = config.chat.maxQuestionChars;
  const question = positionals.join(" ").trim();
  if (question.length > maxChars) {
    reportLine("search", null, tooLongSentence(maxChars));
    return 1;
  }
  const embedder = await createEmbedder(config.embeddings, logger);
  const store = await createIndexStore(config, logger);
  try {
    const knowledge = new KnowledgeBase(store, embedder, logger);
    await knowledge.current();
    warnAboutFallback(knowledge);
    const answer = async (text: string) => {
      const hits = await knowledge.search(text, { k: top, scopes });
      process.stdout.write(json ? formatJson(text, hits) : formatReadable(text, hits));
    };
    if (positionals.length > 0) {
      await answer(question);
      return 0;
    }
    return await searchEachLine(answer, maxChars, logger);
  } finally {
    await embedder.close?.();
    await store.close();
  }
}

/** One search per line of standard input; a line that is refused or fails is reported and the next one read. */
async function searchEachLine(
  answer: (text: string) => Promise<void>,
  maxChars: number,
  logger: Logger,
): Promise<number> {
  let problems = 0;
  for await (const line of readQuestionLines(process.stdin, maxChars)) {
    if (line.kind === "too-long") {
      problems += 1;
      reportLine("search", line.lineNumber, tooLongSentence(maxChars));
      continue;
    }
    if (line.text === "") continue;
    try {
      await answer(line.text);
    } catch (error) {
      problems += 1;
      reportLine("search", line.lineNumber, describeQuestionFailure(error, logger));
    }
  }
  return problems === 0 ? 0 : 2;
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
