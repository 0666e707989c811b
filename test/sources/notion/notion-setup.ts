import { silentLogger } from "../../../src/logging/logger.js";
import type { DocumentSource, PreviousSync } from "../../../src/sources/document-source.js";
import { createSourceFetch, type SourceFetchOptions } from "../../../src/sources/http/source-fetch.js";
import { createNotionSource, type NotionSourceOptions } from "../../../src/sources/notion/notion-source.js";
import type { SourceEntry } from "../../../src/sources/source-kind.js";

export const token = "secret_internal_integration_token_1234";

/** A notion entry of the sources file as the configuration module hands it over, pointed at a loopback Notion. */
export function notionEntry(apiUrl: string, credential = token): SourceEntry<Record<string, never>> {
  return {
    name: "notion",
    type: "notion",
    settings: {},
    apiUrl,
    credentials: { token: credential },
    credentialVariables: { token: "NOTION_TOKEN" },
  };
}

/** The shared fetch as the ingest makes it, with short deadlines and waits for tests. */
export const fetchOptions: SourceFetchOptions = {
  source: "notion",
  timeoutMs: 1_000,
  attempts: 3,
  inFlight: 2,
  maxWaitMs: 5_000,
};

export function makeNotionSource(
  apiUrl: string,
  options: { credential?: string; fetch?: Partial<SourceFetchOptions>; source?: NotionSourceOptions } = {},
): DocumentSource {
  return createNotionSource(
    notionEntry(apiUrl, options.credential),
    {
      scopeOf: () => "public",
      maxDocumentBytes: 50 * 2 ** 20,
      fetch: createSourceFetch({ ...fetchOptions, ...options.fetch }),
      logger: silentLogger,
    },
    options.source,
  );
}

export const nothingBefore: PreviousSync = { documents: new Map(), state: undefined };
