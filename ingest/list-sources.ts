import type { FileProblem, IndexedFile } from "../src/documents/split-file.js";
import { type DocumentSource, documentKey, type SourceDocument } from "../src/sources/document-source.js";
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
  /** Keys of what the sources hold that is not a document (counted as skipped). */
  skipped: string[];
  /** Documents that exist but could not be listed or read (their previous version stays). */
  failed: FileProblem[];
  /** Sources that could not be listed at all (every document of theirs stays as it was). */
  failedSources: SourceFailure[];
}

/**
 * Checks that each source can be read at all, before the run takes the lock or reports progress: a source that
 * cannot (a folder that is gone, credentials that are not set) is left out of the run, its documents kept as they
 * were; when none can, the first one's sentence ends the run with nothing changed.
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
  if (usable.length === 0 && failedSources.length > 0) throw failedSources[0]?.error;
  return { usable, failedSources };
}

/**
 * Asks every source what it holds, each once. A source that cannot be listed (a folder that is gone, a service
 * that refuses) leaves its documents as they were and the others are listed all the same.
 */
export async function listSources(
  sources: readonly DocumentSource[],
  signal: AbortSignal | undefined,
): Promise<SourcesListing> {
  const listing: SourcesListing = { listed: [], skipped: [], failed: [], failedSources: [] };
  for (const source of sources) {
    if (signal?.aborted) throw ingestCancelled();
    try {
      const found = await source.list(signal);
      const key = (id: string) => documentKey(source, { id });
      for (const document of found.documents) listing.listed.push(listed(source, document));
      listing.skipped.push(...found.skipped.map(key));
      listing.failed.push(
        ...found.failed.map((problem) => ({ source: key(problem.id), reason: problem.reason })),
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
