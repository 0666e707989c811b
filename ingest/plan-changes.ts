import type { Manifest } from "../src/index-store/manifest.js";
import type { FileProblem } from "./list-document-files.js";
import type { ReadDocumentFile } from "./read-document-files.js";

/** What an ingest has to do, file by file, compared with the previous generation. */
export interface ChangePlan {
  added: ReadDocumentFile[];
  updated: ReadDocumentFile[];
  unchanged: ReadDocumentFile[];
  /** Sources in the previous generation that no longer exist. */
  removed: string[];
}

/**
 * Files are compared by content hash. A file that exists but could not be listed or read this time (too large,
 * unreadable) is neither removed nor changed: its previous chunks stay, so a bad day never loses documents.
 */
export function planChanges(
  files: readonly ReadDocumentFile[],
  previous: Manifest | null,
  unreadable: readonly FileProblem[],
): ChangePlan {
  const plan: ChangePlan = { added: [], updated: [], unchanged: [], removed: [] };
  const known = previous?.files ?? {};
  for (const file of files) {
    const before = known[file.source];
    if (before === undefined) plan.added.push(file);
    else if (before.hash === file.hash && before.scope === file.scope) plan.unchanged.push(file);
    else plan.updated.push(file);
  }
  const present = new Set([
    ...files.map((file) => file.source),
    ...unreadable.map((problem) => problem.source),
  ]);
  plan.removed = Object.keys(known).filter((source) => !present.has(source));
  return plan;
}
