import { statSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config/config.js";
import { DocentError } from "../errors.js";

/**
 * An operator mistake in the index folder setting, caught before any work with one sentence (otherwise it surfaces
 * deep inside as EEXIST or ENOTDIR with a stack trace). The documents folder is checked by its source, as it is
 * listed (src/sources/folder/).
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
