import { createAnswerService } from "../answer/answer-service.js";
import type { StatusReport } from "../chat-core/chat-core.js";
import { configuredPlatforms, readStatus } from "../chat-core/read-status.js";
import type { Config } from "../config/config.js";
import { createCliContext } from "./cli-context.js";
import { parseCommandLine } from "./parse-command-line.js";
import { describeScopesWithoutAccess, scopesWithoutAccess } from "./scope-access.js";

/**
 * docent status [--index DIR] [--json]: the facts the bots' status shows (built by the same readStatus, with every
 * scope), plus where things are and which scopes no Slack or Discord conversation may search.
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
    const places = {
      docsDir: config.docsDir,
      index: service.knowledge.store.description,
      accessFile: config.chat.accessFile,
    };
    process.stdout.write(
      line.flag("json")
        ? `${JSON.stringify({ ...status, ...places, scopesWithoutAccess: hidden })}\n`
        : describeStatus(status, config, places.index, hidden),
    );
    return 0;
  } finally {
    await service.close();
  }
}

function describeStatus(
  status: StatusReport,
  config: Readonly<Config>,
  index: string,
  hidden: readonly string[],
): string {
  const row = (label: string, value: string) => `${`${label}:`.padEnd(13)}${value}`;
  const scopes = Object.entries(status.scopes).map(
    ([scope, chunks]) => `${scope}: ${status.documentsByScope[scope] ?? 0} documents, ${chunks} chunks`,
  );
  const engine = status.engineReachable;
  const ingest = status.lastIngest;
  const lines = [
    row("Docs folder", config.docsDir),
    row(
      "Index",
      status.generation === null
        ? `none yet in ${index}: run \`docent ingest\``
        : `${status.generation} (built ${status.indexBuiltAt}) in ${index}`,
    ),
    row("Scopes", scopes.length === 0 ? "none" : (scopes[0] ?? "")),
    ...scopes.slice(1).map((scope) => `${" ".repeat(13)}${scope}`),
    row("Total", `${status.documents} documents, ${status.chunks} chunks`),
    row("Embedder", status.embedder ?? "none yet"),
    row(
      "Engine",
      `${status.engine}: ${engine.reachable ? "answering" : "NOT reachable"}${engine.detail ? ` (${engine.detail})` : ""}`,
    ),
    row(
      "Platforms",
      status.platforms.length > 0
        ? status.platforms.join(", ")
        : "none configured (the console chat only; README: Connecting Slack / Discord)",
    ),
    row(
      "Last ingest",
      ingest === null
        ? "none recorded"
        : `${ingest.finishedAt}: ${ingest.added} added, ${ingest.updated} updated, ${ingest.removed} removed, ` +
            `${ingest.unchanged} unchanged, ${ingest.failed} failed`,
    ),
    row("Access file", config.chat.accessFile),
  ];
  if (hidden.length > 0) {
    lines.push(
      "",
      `Warning: ${describeScopesWithoutAccess(hidden, status.documentsByScope, config.chat.accessFile)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
