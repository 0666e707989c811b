/**
 * Where documents come from: the port between the ingest and the places companies keep their documents (a folder
 * today; a web site, Confluence, Google Drive, Notion or SharePoint next). A source lists what it holds, each
 * document with an id, a scope, a version and a media type, and reads one document's bytes on demand. The ingest
 * decides what changed by comparing versions with the index's, reads only what did, and loads each document by its
 * media type; a source makes no decisions about the index.
 */
export interface SourceDocument {
  /** Unique within its source and stable from one sync to the next: a folder's relative path, a page's id. */
  id: string;
  /** The scope whose conversations may see it. */
  scope: string;
  /** Changes whenever the content does (a content hash, a page version, an ETag): an unchanged one is not read. */
  version: string;
  /** How its bytes are read: "text/markdown", "text/html", "application/pdf", ... (media-types.ts). */
  mediaType: string;
  /** Where people open it, when the source has an address for it (a page's URL); citations link to it. */
  url?: string;
  /** Its title, when the source knows one (a page's title); otherwise the loader finds one in the document. */
  title?: string;
}

/** A document that could not be listed or read, with the reason, in the words a report shows. */
export interface SourceProblem {
  id: string;
  reason: string;
  /**
   * The problem is with a folder, or with what may be one (an entry that cannot be looked at): every document under
   * it (ids that start with `id/`) is kept as it was too, as a document that fails keeps its own.
   */
  folder?: boolean;
}

/**
 * What the index holds of a source from its last sync, handed back to it when it lists: the documents with their
 * versions (a web source asks for a page with If-None-Match, a source with a change feed applies the changes to
 * them), and the state it returned then (a change feed's cursor), as it returned it.
 */
export interface PreviousSync {
  documents: ReadonlyMap<string, Pick<SourceDocument, "version" | "scope" | "url" | "title">>;
  state: unknown;
}

export interface ListContext {
  signal?: AbortSignal;
  previous: PreviousSync;
}

export interface SourceListing {
  /** Everything the source holds now (not only what changed). */
  documents: SourceDocument[];
  /** What the source holds that is not a document docent reads (an image, a hidden file): counted, not errors. */
  skipped: string[];
  /**
   * Documents (or folders of them) that exist but could not be listed or read this time: reported, and their previous
   * version stays in the index, so that a bad day never loses documents.
   */
  failed: SourceProblem[];
  /** Kept with the index and handed back next time (a change feed's cursor); JSON, small. */
  state?: unknown;
}

export interface DocumentSource {
  /** Its name: lower-case letters, digits and dashes, unique; shown in status and reports. */
  readonly name: string;
  /** What kind of place it reads: "folder", "web", "confluence", ... */
  readonly kind: string;
  /** Where it reads from, for messages: "the folder /srv/docs", "https://example.atlassian.net/wiki". */
  readonly location: string;
  /**
   * What this source's document keys start with in the index ("" for the documents folder, whose keys are its
   * relative paths, as before sources had names; "name/" for the others), so that two sources never share a key.
   */
  readonly keyPrefix: string;
  /**
   * How many of its documents the ingest may read at once (a remote source: as many as its requests may be in
   * flight, so that their latency overlaps). One when absent, as a folder reads.
   */
  readonly readsInFlight?: number;
  /**
   * Whether it can be read at all (the folder exists and is a folder; the credentials are set), checked once at the
   * start of a run, before anything is reported as under way. Rejects with a DocentError saying what to fix.
   */
  check(signal?: AbortSignal): Promise<void>;
  /** What it holds now. Rejects (a DocentError saying what to fix) when it cannot be read at all. */
  list(context: ListContext): Promise<SourceListing>;
  /** One listed document's bytes. Rejects with the reason when it cannot be read. */
  read(document: SourceDocument, signal?: AbortSignal): Promise<Buffer>;
}

/** The key of a document in the index: its source's prefix and its id. */
export function documentKey(
  source: Pick<DocumentSource, "keyPrefix">,
  document: Pick<SourceDocument, "id">,
): string {
  return `${source.keyPrefix}${document.id}`;
}
