import { statSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config/config.js";
import { DocentError } from "../errors.js";

/**
 * Operator mistakes in the folder settings, caught before any work with one sentence each (otherwise they surface
 * deep inside as EEXIST or ENOTDIR with a stack trace, or as "does not exist" for a file).
 */
export function checkIndexFolder(config: Readonly<Config>): void {
  if (config.storage.vectorStore !== "hnswlib") return;
  const blocking = fileInTheWay(config.indexDir);
  if (blocking !== null) {
    throw new DocentError(
      "CONFIG_INVALID",
      `the index folder ${config.indexDir} cannot be used: ${blocking} is a file, not a folder. ` +
        "Point --index or DOCENT_INDEX_DIR at a folder (it is created if missing).",
    );
  }
}

/** `which` says where the folder came from when it was not chosen by --docs or DOCENT_DOCS_DIR. */
export function checkDocsFolder(config: Readonly<Config>, which?: string): void {
  const found = statOrNull(config.docsDir);
  if (found === null) {
    const rebuild = which === undefined ? "" : " and add --rebuild";
    throw new DocentError(
      "DOCS_NOT_FOUND",
      `the documents folder ${config.docsDir}${which === undefined ? "" : ` (${which})`} does not exist. ` +
        `Point --docs or DOCENT_DOCS_DIR at the folder that holds your documents${rebuild}.`,
    );
  }
  if (!found.isDirectory()) {
    throw new DocentError(
      "DOCS_NOT_FOUND",
      `${config.docsDir} is a file, not a folder. Point --docs or DOCENT_DOCS_DIR at the folder that holds your ` +
        "documents (each first-level folder in it is a scope).",
    );
  }
}

/** The path itself or its nearest existing ancestor, when that is not a folder. */
function fileInTheWay(folder: string): string | null {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    const found = statOrNull(current);
    if (found !== null) return found.isDirectory() ? null : current;
    if (path.dirname(current) === current) return null;
  }
}

function statOrNull(file: string) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}
