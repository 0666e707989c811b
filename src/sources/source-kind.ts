import type { z } from "zod";
import type { Logger } from "../logging/logger.js";
import type { DocumentSource } from "./document-source.js";

/**
 * A kind of document source (web, confluence, google-drive, notion, sharepoint): what its entry in the sources file
 * holds beyond the fields every entry has, which credentials it needs, and how to make the source. Each kind lives
 * in its own folder under src/sources/ and is listed once in source-kinds.ts; the configuration module validates
 * the file and resolves the credentials, so a source never reads the environment.
 */
export interface SourceKind<Settings = unknown> {
  /** The entry's `type`. */
  readonly type: string;
  /**
   * The kind's own fields of an entry (snake_case, as written in the file), without name, type, scope, scopes,
   * api_url and auth: a strict zod object, so that a misspelt key is refused with its name.
   */
  readonly settings: z.ZodType<Settings>;
  /**
   * The credentials it needs, by key: ["user", "token"] means the entry's auth holds `user_env` and `token_env`, each
   * naming an environment variable that must be set.
   */
  readonly credentials: readonly string[];
  /** Whether its entries may set api_url (the API of a service); a web site or a folder has none. */
  readonly apiUrl?: boolean;
  /** Whether entries of this kind name their scopes per container (a space, a folder id) with `scopes`. */
  readonly containers?: string;
  /** How many of its requests may be in flight at once, when its entry says (a web site's politeness limit). */
  requestsInFlight?(settings: Settings): number;
  create(entry: SourceEntry<Settings>, context: SourceContext): DocumentSource;
}

/** One validated entry of the sources file, with its credentials resolved. */
export interface SourceEntry<Settings = unknown> {
  name: string;
  type: string;
  settings: Settings;
  /** The API's base URL when the entry sets `api_url` (a proxy, a Data Center host, a test server). */
  apiUrl?: string;
  /** The values of the variables its auth names, by key ("token" -> the token). Never logged or shown. */
  credentials: Readonly<Record<string, string>>;
  /** The variables' names, by key ("token" -> "CONFLUENCE_TOKEN"), for the sentence that says what to fix. */
  credentialVariables: Readonly<Record<string, string>>;
}

/** What the ingest gives a source it makes. */
export interface SourceContext {
  /**
   * The scope of a container (a Confluence space key, a Drive folder id, a SharePoint library name), or of
   * everything when the entry has one `scope` (called with no container). null: the entry maps no scope to it, so
   * its documents are not synced (the source lists them under skipped).
   */
  scopeOf(container?: string): string | null;
  /** Requests with the run's deadline, retries, Retry-After and politeness limit (http/source-fetch.ts). */
  fetch: typeof fetch;
  /** DOCENT_MAX_FILE_MB in bytes: a larger document is reported under failed, never downloaded whole. */
  maxDocumentBytes: number;
  logger: Logger;
}
