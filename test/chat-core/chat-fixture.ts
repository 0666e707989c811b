import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type AnswerService, createAnswerService } from "../../src/answer/answer-service.js";
import { createChatCore } from "../../src/chat-core/create-chat-core.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { type Config, loadConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/logging/logger.js";
import { projectRoot, runDocent } from "../helpers/run-docent.js";
import { writeFiles } from "../helpers/temp-folder.js";

/** The docent CLI from its TypeScript sources (as test/helpers/run-docent.ts runs it), for reindex's child process. */
export const ingestCommand = [
  process.execPath,
  "--import",
  pathToFileURL(path.join(projectRoot, "node_modules/tsx/dist/loader.mjs")).href,
  path.join(projectRoot, "test/helpers/docent-entry.ts"),
];
export const ingestEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn" };

export const documents = {
  "public/holidays.md":
    "# Office holidays\n\nThe office is closed on New Year's Day and on the company picnic day in June. " +
    "Holiday requests go to your manager two weeks ahead.\n",
  "hr/salary-bands.md":
    "# Salary bands\n\nSalary bands for engineers run from band E1 to band E6. " +
    "The salary band review happens every March with the compensation committee.\n",
  "engineering/deploys.md":
    "# Deploys\n\nProduction deploys happen on weekdays before 3 pm through the release pipeline. " +
    "Rollbacks use the previous release tag.\n",
};

export const accessYaml = `
slack:
  channels:
    CHR: [public, hr]
  admins: [UADMIN]
discord:
  channels:
    "1001": [public, engineering]
  roles:
    "7001": [hr]
  roleScopesIn: [direct-messages]
  admins: ["9001"]
`;

export interface ChatFixture {
  folder: string;
  docsDir: string;
  indexDir: string;
  config: Readonly<Config>;
  service: AnswerService;
}

/** A temp docs folder (the caller removes `folder`) ingested by the real CLI, an access file, and the answer service over it (extractive engine). */
export async function createChatFixture(settings: Record<string, string> = {}): Promise<ChatFixture> {
  const folder = await mkdtemp(path.join(tmpdir(), "docent-chat-"));
  const docsDir = path.join(folder, "docs");
  const indexDir = path.join(folder, "index");
  await writeFiles(docsDir, documents);
  await writeFiles(folder, { "access.yaml": accessYaml });
  const ingest = await runDocent(["ingest", "--json", "--docs", docsDir, "--index", indexDir]);
  if (ingest.code !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
  const config = loadConfig({
    environment: {
      DOCENT_DOCS_DIR: docsDir,
      DOCENT_INDEX_DIR: indexDir,
      DOCENT_ACCESS_FILE: path.join(folder, "access.yaml"),
      DOCENT_STATE_DIR: path.join(folder, "state"),
      DOCENT_USER_QUESTIONS_PER_MINUTE: "0",
      LOG_LEVEL: "silent",
      ...settings,
    },
    envFile: null,
    platforms: chatPlatforms,
  });
  const service = await createAnswerService(config, silentLogger);
  return { folder, docsDir, indexDir, config, service };
}

export function createFixtureCore(
  fixture: ChatFixture,
  config: Readonly<Config> = fixture.config,
  extraIngestEnv: Record<string, string> = {},
) {
  return createChatCore({
    platforms: chatPlatforms,
    config,
    service: fixture.service,
    logger: silentLogger,
    ingestCommand,
    ingestEnv: { ...ingestEnv, ...extraIngestEnv },
  });
}
