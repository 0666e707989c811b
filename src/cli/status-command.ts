import { existsSync, statSync } from "node:fs";
import { createAnswerService } from "../answer/answer-service.js";
import { configuredPlatforms, currentIndex, readStatus } from "../chat-core/read-status.js";
import { createCliContext } from "./cli-context.js";
import { parseCommandLine } from "./parse-command-line.js";
import { scopesWithoutAccess } from "./scope-access.js";
import { describeCliStatus, type StatusPlaces } from "./status-text.js";

/**
 * docent status [--index DIR] [--json]: the facts the bots' status shows (built by the same readStatus, with every
 * scope), plus where things are: the documents folder an ingest uses (the one the index was built from unless
 * another is chosen), the index, the access file (or its absence), and which scopes no Slack or Discord
 * conversation may search. It reads the configuration and asks the engine; `docent doctor` tries the tokens too.
 */
export async function runStatusCommand(argv: string[]): Promise<number> {
  const line = parseCommandLine("status", argv);
  const { config, logger } = createCliContext({ DOCENT_INDEX_DIR: line.text("index") });
  const service = await createAnswerService(config, logger);
  try {
    const status = await readStatus(service, {
      reindexRunning: false,
      visibleScopes: null,
      platforms: configuredPlatforms(config),
    });
    const hidden = scopesWithoutAccess(config.chat.accessFile, Object.keys(status.scopes));
    const built = (await currentIndex(service))?.manifest.docsDir ?? null;
    const places: StatusPlaces = {
      docsDir: config.docsDirChosen || built === null ? config.docsDir : built,
      indexDocsDir: built,
      docsDirChosen: config.docsDirChosen,
      index: service.knowledge.store.description,
      accessFile: config.chat.accessFile,
      accessFileExists: existsSync(config.chat.accessFile) && statSync(config.chat.accessFile).isFile(),
    };
    process.stdout.write(
      line.flag("json")
        ? `${JSON.stringify({ ...status, ...places, scopesWithoutAccess: hidden })}\n`
        : describeCliStatus(status, places, hidden),
    );
    return 0;
  } finally {
    await service.close();
  }
}
