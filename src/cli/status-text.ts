import type { StatusReport } from "../chat-core/chat-core.js";
import type { ChatPlatform } from "../platforms/chat-platform.js";
import { joinTitles } from "../platforms/platform-titles.js";
import { chatPlatforms } from "./chat-platforms.js";
import { commandName } from "./command-name.js";
import { describeScopesWithoutAccess } from "./scope-access.js";

/** Where things are, as `docent status` shows them. */
export interface StatusPlaces {
  /** The folder a plain `docent ingest` indexes. */
  docsDir: string;
  /** The folder the current index was built from; null without an index, or for one built before it was recorded. */
  indexDocsDir: string | null;
  /** Whether --docs / DOCENT_DOCS_DIR chose docsDir. */
  docsDirChosen: boolean;
  index: string;
  accessFile: string;
  accessFileExists: boolean;
}

const labelWidth = 13;
const row = (label: string, value: string) => `${`${label}:`.padEnd(labelWidth)}${value}`;
const more = (value: string) => `${" ".repeat(labelWidth)}${value}`;

/** The text of `docent status`: one fact a line, each saying what is true now and, where it is not fine, what to do. */
export function describeCliStatus(
  status: StatusReport,
  places: StatusPlaces,
  hidden: readonly string[],
  platforms: readonly ChatPlatform[] = chatPlatforms,
): string {
  const titles = platforms.map((platform) => platform.title);
  const scopes = Object.entries(status.scopes).map(
    ([scope, chunks]) => `${scope}: ${status.documentsByScope[scope] ?? 0} documents, ${chunks} chunks`,
  );
  const ingest = status.lastIngest;
  const lines = [
    ...docsFolderLines(places),
    row(
      "Index",
      status.generation === null
        ? `none yet in ${places.index}: run \`${commandName()} ingest\``
        : `${status.generation} (built ${status.indexBuiltAt}) in ${places.index}`,
    ),
    row("Scopes", scopes.length === 0 ? "none" : (scopes[0] ?? "")),
    ...scopes.slice(1).map(more),
    row("Total", `${status.documents} documents, ${status.chunks} chunks`),
    row("Embedder", status.embedder ?? "none yet"),
    ...engineLines(status),
    row(
      "Platforms",
      status.platforms.length > 0
        ? `${status.platforms.join(", ")} (configured; \`${commandName()} doctor\` checks the tokens)`
        : `none configured (the console chat only; README: Connecting ${titles.join(" / ")})`,
    ),
    row(
      "Last ingest",
      ingest === null
        ? "none recorded"
        : `${ingest.finishedAt}: ${ingest.added} added, ${ingest.updated} updated, ${ingest.removed} removed, ` +
            `${ingest.unchanged} unchanged, ${ingest.failed} failed`,
    ),
    row(
      "Access file",
      places.accessFileExists
        ? places.accessFile
        : `none (${places.accessFile} does not exist): ${joinTitles(platforms, "and")} conversations see only "public" and ` +
            "nobody may reindex from chat (README: Access)",
    ),
  ];
  if (hidden.length > 0) {
    lines.push(
      "",
      `Warning: ${describeScopesWithoutAccess(hidden, status.documentsByScope, places.accessFile, platforms)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The folder an ingest uses, and where that differs from the folder the index was built from, what happens. */
function docsFolderLines(places: StatusPlaces): string[] {
  const built = places.indexDocsDir;
  if (built === null) return [row("Docs folder", places.docsDir)];
  if (built === places.docsDir) {
    const note = places.docsDirChosen ? "" : " (the folder the index was built from)";
    return [row("Docs folder", `${places.docsDir}${note}`)];
  }
  return [
    row("Docs folder", `${places.docsDir} (chosen by DOCENT_DOCS_DIR)`),
    more(`but the index was built from ${built}: an ingest refuses to switch folders without --rebuild`),
  ];
}

function engineLines(status: StatusReport): string[] {
  if (status.engine === "extractive") {
    return [row("Engine", "extractive: no language model; answers quote the documents")];
  }
  const engine = status.engineReachable;
  const state = !engine.reachable
    ? "NOT ready"
    : engine.modelChecked === false
      ? "answers (the model could not be checked)"
      : "ready";
  const lines = [row("Engine", `${status.engine}: ${state}${engine.detail ? `: ${engine.detail}` : ""}`)];
  if (engine.fix !== undefined) lines.push(more(`To fix: ${engine.fix}`));
  return lines;
}
