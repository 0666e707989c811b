import type { Manifest } from "../src/index-store/manifest.js";
import { type ListedDocument, sourceOf } from "./list-sources.js";

/** What an ingest has to do, document by document, compared with the previous generation. */
export interface ChangePlan {
  added: ListedDocument[];
  updated: ListedDocument[];
  unchanged: ListedDocument[];
  /** Keys in the previous generation that their source no longer holds. */
  removed: string[];
}

/**
 * Documents are compared by the version their source gives (a folder's file by the hash of its bytes) and scope.
 * A document that exists but could not be listed or read this time (too large, unreadable), and every document of a
 * source that could not be listed at all, is neither removed nor changed: its previous chunks stay, so that a bad
 * day never loses documents.
 */
export function planChanges(
  documents: readonly ListedDocument[],
  previous: Manifest | null,
  kept: { keys: ReadonlySet<string>; sources: ReadonlySet<string> },
): ChangePlan {
  const plan: ChangePlan = { added: [], updated: [], unchanged: [], removed: [] };
  const known = previous?.files ?? {};
  for (const document of documents) {
    const before = known[document.source];
    if (before === undefined) plan.added.push(document);
    else if (before.hash === document.hash && before.scope === document.scope) plan.unchanged.push(document);
    else plan.updated.push(document);
  }
  const present = new Set(documents.map((document) => document.source));
  plan.removed = Object.entries(known)
    .filter(([key, entry]) => !present.has(key) && !kept.keys.has(key) && !kept.sources.has(sourceOf(entry)))
    .map(([key]) => key);
  return plan;
}
