import type { Config } from "../config/config.js";
import { closestChoice } from "../config/describe-config-problem.js";
import { DocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import { createSources } from "../sources/create-sources.js";
import type { DocumentSource } from "../sources/document-source.js";
import { createFolderSource, documentsFolderName } from "../sources/folder/folder-source.js";
import { sourceKinds } from "../sources/source-kinds.js";
import { chooseDocsFolder } from "./index-docs-folder.js";

export interface IngestSources {
  config: Readonly<Config>;
  sources: DocumentSource[];
  /** The documents folder, when it is the one source (no sources file): the index remembers it. */
  docsDir?: string;
  /** The sources this run syncs (`--source`); all when absent. */
  only?: string[];
}

/**
 * What an ingest reads: the sources file's sources when there is one (read anew by each ingest), else the documents
 * folder (the chosen one, or the one the index was built from). `--source` names the ones to sync.
 */
export async function chooseIngestSources(
  config: Readonly<Config>,
  logger: Logger,
  only: string | undefined,
): Promise<IngestSources> {
  const file = config.sourcesFile.read();
  if (file === null) {
    if (only !== undefined) {
      throw new DocentError(
        "CONFIG_INVALID",
        `--source names a source of the sources file, and there is no sources file ${config.sourcesFile.path} ` +
          "(DOCENT_SOURCES_FILE): without one, the documents folder is the one source",
      );
    }
    return documentsFolder(config, logger);
  }
  if (config.docsDirChosen) {
    throw new DocentError(
      "CONFIG_INVALID",
      `DOCENT_DOCS_DIR (or --docs) names one folder, and the sources file ${file.file} lists where documents come ` +
        "from: add the folder to the sources file (type: folder, path: ...) and unset DOCENT_DOCS_DIR",
    );
  }
  const sources = createSources(file, { kinds: sourceKinds, maxDocumentBytes: config.maxFileBytes, logger });
  const names = only?.split(",").map((name) => name.trim());
  for (const name of names ?? []) {
    if (!sources.some((source) => source.name === name)) throw unknownSource(name, file.file, sources);
  }
  return { config, sources, ...(names === undefined ? {} : { only: names }) };
}

async function documentsFolder(config: Readonly<Config>, logger: Logger): Promise<IngestSources> {
  const chosen = await chooseDocsFolder(config, logger);
  const source = createFolderSource({
    name: documentsFolderName,
    folder: chosen.config.docsDir,
    maxFileBytes: chosen.config.maxFileBytes,
    ...(chosen.fromIndex ? { describedAs: "the folder the index was built from" } : {}),
  });
  return { config: chosen.config, sources: [source], docsDir: chosen.config.docsDir };
}

function unknownSource(name: string, file: string, sources: readonly DocumentSource[]): DocentError {
  const names = sources.map((source) => source.name);
  const meant = closestChoice(name, names);
  return new DocentError(
    "CONFIG_INVALID",
    `--source ${name}: the sources file ${file} has no source of that name (it has ${names.join(", ")})` +
      (meant === null ? "" : `. Did you mean "${meant}"?`),
  );
}
