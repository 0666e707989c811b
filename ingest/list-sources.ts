import type { FileProblem, IndexedFile } from "../src/documents/split-file.js";
import type { Manifest } from "../src/index-store/manifest.js";
import {
  type DocumentSource,
  documentKey,
  type PreviousSync,
  type SourceDocument,
} from "../src/sources/document-source.js";
import { sourceNameOf } from "../src/sources/folder/folder-source.js";
import { ingestCancelled } from "./ingest-cancelled.js";

/** A listed document, as the ingest plans with it: its key and version, its source, and how to read it. */
export interface ListedDocument extends IndexedFile {
  document: SourceDocument;
  from: DocumentSource;
}

/** A source that could not be listed at all this time, and why. */
export interface SourceFailure {
  name: string;
  error: unknown;
}

export interface SourcesListing {
  listed: ListedDocument[];
  /** What each source listed asked to be handed back next time, by name (a failed source keeps its last one). */
  states: Record<string, unknown>;
  /** Keys of what the sources hold that is not a document (counted as skipped). */
  skipped: string[];
  /** Documents that exist but could not be listed or read (their previous version stays). */
  failed: FileProblem[];
  /** The keys of the folders among `failed`: every document under one stays as it was too. */
  failedFolders: string[];
  /** Sources that could not be listed at all (every document of theirs stays as it was). */
  failedSources: SourceFailure[];
  /** How long listing each source took, in milliseconds, by name. */
  listingMs: Record<string, number>;
}

/**
 * Checks that each source can be read at all, before the run takes the lock or reports progress: a source that
 * cannot (a folder that is gone, credentials that are not set) is left out of the run, its documents kept as they
 * were (when none can, the pipeline ends the run with the first one's sentence, nothing changed).
 */
export async function checkSources(
  sources: readonly DocumentSource[],
  signal: AbortSignal | undefined,
): Promise<{ usable: DocumentSource[]; failedSources: SourceFailure[] }> {
  const usable: DocumentSource[] = [];
  const failedSources: SourceFailure[] = [];
  for (const source of sources) {
    try {
      await source.check(signal);
      usable.push(source);
    } catch (error) {
      failedSources.push({ name: source.name, error });
    }
  }
  return { usable, failedSources };
}

/**
 * Asks every source what it holds, each once. A source that cannot be listed (a folder that is gone, a service
 * that refuses) leaves its documents as they were and the others are listed all the same.
 */
export async function listSources(
  sources: readonly DocumentSource[],
  signal: AbortSignal | undefined,
  previous: Manifest | null = null,
  configured: readonly string[] = sources.map((source) => source.name),
): Promise<SourcesListing> {
  const listing: SourcesListing = {
    listed: [],
    // A source that is listed replaces its state; one that fails keeps its last; one no longer configured loses it.
    states: Object.fromEntries(
      Object.entries(previous?.sourceStates ?? {}).filter(([name]) => configured.includes(name)),
    ),
    skipped: [],
    failed: [],
    failedFolders: [],
    failedSources: [],
    listingMs: {},
  };
  for (const source of sources) {
    if (signal?.aborted) throw ingestCancelled();
    const started = performance.now();
    try {
      const found = await source.list({ signal, previous: previousSync(source, previous) });
      listing.listingMs[source.name] = Math.round(performance.now() - started);
      if (found.state === undefined) delete listing.states[source.name];
      else listing.states[source.name] = found.state;
      const key = (id: string) => documentKey(source, { id });
      for (const document of found.documents) listing.listed.push(listed(source, document));
      listing.skipped.push(...found.skipped.map(key));
      listing.failed.push(
        ...found.failed.map((problem) => ({ source: key(problem.id), reason: problem.reason })),
      );
      listing.failedFolders.push(
        ...found.failed.filter((problem) => problem.folder).map((problem) => key(problem.id)),
      );
    } catch (error) {
      if (signal?.aborted) throw ingestCancelled();
      listing.failedSources.push({ name: source.name, error });
    }
  }
  listing.listed.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return listing;
}

function listed(from: DocumentSource, document: SourceDocument): ListedDocument {
  return {
    source: documentKey(from, document),
    scope: document.scope,
    hash: document.version,
    bytes: 0,
    sourceName: from.name,
    ...(document.url === undefined ? {} : { url: document.url }),
    document,
    from,
  };
}

/** What the previous generation holds of one source: its documents by id, and the state it asked to get back. */
export function previousSync(source: DocumentSource, manifest: Manifest | null): PreviousSync {
  const documents = new Map<string, SourceDocumentVersion>();
  for (const [key, entry] of Object.entries(manifest?.files ?? {})) {
    if (sourceNameOf(entry) !== source.name || !key.startsWith(source.keyPrefix)) continue;
    documents.set(key.slice(source.keyPrefix.length), {
      version: entry.hash,
      scope: entry.scope,
      title: entry.title,
      ...(entry.url === undefined ? {} : { url: entry.url }),
    });
  }
  return { documents, state: manifest?.sourceStates?.[source.name] };
}

type SourceDocumentVersion =
  PreviousSync["documents"] extends ReadonlyMap<string, infer Entry> ? Entry : never;
