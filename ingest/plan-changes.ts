import type { Manifest } from "../src/index-store/manifest.js";
import { sourceNameOf } from "../src/sources/folder/folder-source.js";
import type { ListedDocument } from "./list-sources.js";

/** What an ingest has to do, document by document, compared with the previous generation. */
export interface ChangePlan {
  added: ListedDocument[];
  updated: ListedDocument[];
  unchanged: ListedDocument[];
  /** Keys in the previous generation that their source no longer holds. */
  removed: string[];
}

/** What this run could not read, whose documents in the previous generation stay as they were. */
export interface KeptDocuments {
  /** Documents that exist but could not be listed or read. */
  keys: ReadonlySet<string>;
  /** Folders that could not be listed (or looked at): every document under one ("hr" keeps "hr/leave.md"). */
  folders: ReadonlySet<string>;
  /** Sources that could not be listed at all, or that this run did not ask. */
  sources: ReadonlySet<string>;
}

/**
 * Documents are compared by the version their source gives (a folder's file by the hash of its bytes) and scope.
 * A document that exists but could not be listed or read this time (too large, unreadable), every document under a
 * folder that could not be listed, and every document of a source that could not be listed at all, is neither
 * removed nor changed: its previous chunks stay, so that a bad day never loses documents.
 */
export function planChanges(
  documents: readonly ListedDocument[],
  previous: Manifest | null,
  kept: KeptDocuments,
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
    .filter(([key, entry]) => !present.has(key) && !isKept(key, sourceNameOf(entry), kept))
    .map(([key]) => key);
  return plan;
}

/** Whether a document the sources did not list stays: it, a folder above it, or its source could not be read. */
function isKept(key: string, sourceName: string, kept: KeptDocuments): boolean {
  if (kept.keys.has(key) || kept.sources.has(sourceName)) return true;
  for (let slash = key.indexOf("/"); slash !== -1; slash = key.indexOf("/", slash + 1)) {
    if (kept.folders.has(key.slice(0, slash))) return true;
  }
  return false;
}
