import { existsSync } from "node:fs";
import { createAnswerService } from "../app/create-answer-service.js";
import { indexPaths } from "../index-store/index-paths.js";
import { chatInConsole } from "./chat-command.js";
import { createCliContext } from "./cli-context.js";
import { describeSummary, ingestWithProgress } from "./ingest-command.js";

/**
 * docent start (npm start): runs every chat surface whose credentials are configured. With none, it indexes the
 * documents folder when there is no index yet and opens the console chat, saying how to go further.
 */
export async function runStartCommand(_argv: string[]): Promise<number> {
  const { config, logger } = createCliContext({}, "info");
  if (!existsSync(indexPaths(config.indexDir).current)) {
    process.stderr.write(`No index yet: indexing the documents in ${config.docsDir} first.\n`);
    const summary = await ingestWithProgress(config, logger, { rebuild: false });
    process.stderr.write(describeSummary(summary));
  }
  const service = await createAnswerService(config, logger);
  try {
    process.stdout.write(gettingStarted(service.engineId));
    await chatInConsole(service, undefined);
    return 0;
  } finally {
    await service.close();
  }
}

function gettingStarted(engineId: string): string {
  const engine =
    engineId === "extractive"
      ? "No language model is configured, so answers quote the best-matching passages. Set LLM_PROVIDER " +
        "(ollama, openai-compatible, llamacpp, openai or anthropic) to get written answers; see README.md."
      : `Answering with ${engineId}.`;
  return [
    "docent: console chat over your documents (every scope is visible here).",
    engine,
    "Put your own documents in DOCENT_DOCS_DIR and run `docent ingest` to index them.",
    "",
  ].join("\n");
}
