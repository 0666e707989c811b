import { describeSizeLimit } from "../../documents/file-size.js";
import type { Logger } from "../../logging/logger.js";
import type { PreviousSync, SourceDocument, SourceListing, SourceProblem } from "../document-source.js";
import { readDelta } from "./drive-delta.js";
import { changeOfItem, type Library } from "./drive-items.js";
import type { GraphApi } from "./graph-api.js";
import { siteLibraries } from "./site-libraries.js";
import { digestOf, indexedDocuments, type SharepointState, savedLibraries } from "./sync-state.js";

export interface LibrariesRequest {
  api: GraphApi;
  source: string;
  site: string;
  libraries: readonly string[] | undefined;
  scopeOf(library: string): string | null;
  /** DOCENT_MAX_FILE_MB in bytes: a larger file is reported under failed, never downloaded. */
  maxDocumentBytes: number;
  logger: Logger;
  previous: PreviousSync;
  signal?: AbortSignal;
}

/** A listing, and for each listed document the drive it is read from. */
export interface LibrariesListing extends SourceListing {
  state: SharepointState;
  drives: Map<string, string>;
}

/**
 * What the site's libraries hold now: each library the entry maps to a scope is read through its delta feed, from
 * the saved link when the index holds exactly what was listed last time (only the changes are fetched and applied
 * to the documents the index holds), else whole. A library mapped to no scope is skipped, unread. A library no
 * longer on the site or no longer chosen lists nothing, so its documents go.
 */
export async function listLibraries(request: LibrariesRequest): Promise<LibrariesListing> {
  const found = await siteLibraries({
    api: request.api,
    source: request.source,
    site: request.site,
    wanted: request.libraries,
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  const saved = savedLibraries(request.previous.state, request.site);
  const listing: LibrariesListing = {
    documents: [],
    skipped: [],
    failed: [],
    state: { site: request.site, libraries: {} },
    drives: new Map(),
  };
  for (const { driveId, name } of found) {
    const scope = request.scopeOf(name);
    if (scope === null) {
      listing.skipped.push(name);
      continue;
    }
    const library: Library = { driveId, name, scope };
    const documents = await listLibrary(request, library, saved[driveId]);
    listing.skipped.push(...documents.skipped);
    listing.failed.push(...documents.failed);
    for (const document of documents.current.values()) {
      listing.documents.push(document);
      listing.drives.set(document.id, driveId);
    }
    listing.state.libraries[driveId] = {
      name,
      deltaLink: documents.deltaLink,
      digest: digestOf(documents.current.values()),
    };
  }
  return listing;
}

async function listLibrary(
  request: LibrariesRequest,
  library: Library,
  saved: SharepointState["libraries"][string] | undefined,
): Promise<{
  current: Map<string, SourceDocument>;
  skipped: string[];
  failed: SourceProblem[];
  deltaLink: string;
}> {
  const indexed = indexedDocuments(request.previous, library);
  const trusted =
    saved !== undefined &&
    saved.name === library.name &&
    indexed !== null &&
    saved.digest === digestOf(indexed.values());
  const delta = await readDelta({
    api: request.api,
    source: request.source,
    driveId: library.driveId,
    library: library.name,
    since: trusted ? saved.deltaLink : null,
    logger: request.logger,
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  const current = delta.whole || indexed === null ? new Map<string, SourceDocument>() : indexed;
  const skipped = new Set<string>();
  const tooLarge = new Set<string>();
  for (const item of delta.items) {
    const change = changeOfItem(item, library, request.maxDocumentBytes);
    const id =
      change.kind === "document" ? change.document.id : change.kind === "not-a-file" ? null : change.id;
    if (id === null) continue;
    skipped.delete(id);
    tooLarge.delete(id);
    current.delete(id);
    if (change.kind === "document") current.set(id, change.document);
    else if (change.kind === "skipped") skipped.add(id);
    else if (change.kind === "too-large") tooLarge.add(id);
  }
  const failed = [...tooLarge].map((id) => ({ id, reason: describeSizeLimit(request.maxDocumentBytes) }));
  request.logger.info(
    {
      source: request.source,
      library: library.name,
      whole: delta.whole,
      changes: delta.items.length,
      documents: current.size,
    },
    "sharepoint library listed",
  );
  return { current, skipped: [...skipped], failed, deltaLink: delta.deltaLink };
}
