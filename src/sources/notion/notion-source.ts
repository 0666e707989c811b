import { isFullPage, type PageObjectResponse } from "@notionhq/client";
import { z } from "zod";
import { DocentError } from "../../errors.js";
import type { DocumentSource, ListContext, SourceDocument, SourceListing } from "../document-source.js";
import { documentMediaTypes } from "../media-types.js";
import type { SourceContext, SourceEntry, SourceKind } from "../source-kind.js";
import { databaseDocument, databaseMarkdown } from "./database-document.js";
import { listShared, type SharedContent } from "./list-shared.js";
import { isNotFound, openNotion } from "./notion-client.js";
import { pageDocument, pageMarkdown } from "./page-document.js";
import { textOf } from "./page-properties.js";
import { readBlocks } from "./read-blocks.js";

/** A Notion entry has nothing of its own beyond the common keys: what it syncs is what is shared with its integration. */
const notionSettings = z.strictObject({});
export type NotionSettings = z.infer<typeof notionSettings>;

/** The pages, databases and database entries shared with a Notion integration, each as a Markdown document. */
export const notionSource: SourceKind<NotionSettings> = {
  type: "notion",
  settings: notionSettings,
  credentials: ["token"],
  apiUrl: true,
  create: (entry, context) => createNotionSource(entry, context),
};

export interface NotionSourceOptions {
  /** The clock the settling window is measured with (tests move it). */
  now?: () => number;
}

/**
 * Lists with the search endpoint and a query of each shared database (metadata only: a re-sync of unchanged pages
 * costs the listing's requests and nothing more) and reads a page's blocks only when the ingest asks for it, i.e.
 * when its last_edited_time changed; a database's table is made from the entries its listing found. A page or a
 * database no longer shared, archived or in the trash is no longer listed, so the ingest removes it.
 */
export function createNotionSource(
  entry: SourceEntry<NotionSettings>,
  context: SourceContext,
  options: NotionSourceOptions = {},
): DocumentSource {
  const now = options.now ?? Date.now;
  let shared: SharedContent = {
    pages: new Map(),
    dataSources: new Map(),
    entries: new Map(),
    failed: [],
    complete: true,
  };
  return {
    name: entry.name,
    kind: "notion",
    location: `Notion at ${entry.apiUrl ?? "https://api.notion.com"}`,
    keyPrefix: `${entry.name}/`,
    async check(): Promise<void> {
      if (!entry.credentials.token) throw missingToken(entry);
    },
    async list({ signal, previous }: ListContext): Promise<SourceListing> {
      shared = await listShared((what) => openNotion(entry, context, { what, signal }), entry.name);
      const scope = context.scopeOf();
      if (scope === null) {
        return {
          documents: [],
          skipped: [...shared.pages.keys(), ...shared.dataSources.keys()],
          failed: [],
        };
      }
      const pages = [...shared.pages.values()].map((page) => pageDocument(page, scope, now()));
      const entries = entriesByDataSource(pages, shared);
      const databases = [...shared.dataSources.values()]
        .filter((dataSource) => shared.entries.has(dataSource.id))
        .map((dataSource) => databaseDocument(dataSource, entries.get(dataSource.id) ?? [], scope));
      context.logger.debug(
        { source: entry.name, pages: pages.length, databases: databases.length, complete: shared.complete },
        "notion listed",
      );
      const documents = [...pages, ...databases];
      if (!shared.complete) documents.push(...keptFromBefore(documents, previous, scope, entry, context));
      return { documents, skipped: [], failed: shared.failed };
    },
    read: (document: SourceDocument, signal?: AbortSignal) =>
      readDocument(entry, context, shared, document, signal),
  };
}

/** A listed page's blocks as Markdown, or a database's table from the entries its listing found. */
async function readDocument(
  entry: SourceEntry<NotionSettings>,
  context: SourceContext,
  shared: SharedContent,
  document: SourceDocument,
  signal: AbortSignal | undefined,
): Promise<Buffer> {
  const dataSource = shared.dataSources.get(document.id);
  const entries = shared.entries.get(document.id);
  if (dataSource !== undefined && entries !== undefined) {
    // The listing queried its entries already: a database costs no request more to read.
    return Buffer.from(databaseMarkdown(dataSource, entries));
  }
  const client = openNotion(entry, context, { what: `page ${document.id}`, signal });
  try {
    const page = shared.pages.get(document.id) ?? (await retrieve(client, document.id));
    const blocks = await readBlocks(client, page.id);
    return Buffer.from(pageMarkdown(page, blocks, databaseOf(page, shared)));
  } catch (error) {
    if (isNotFound(error))
      throw new Error("the page is no longer shared with the integration, or was deleted");
    throw error;
  }
}

async function retrieve(client: ReturnType<typeof openNotion>, pageId: string): Promise<PageObjectResponse> {
  const page = await client.pages.retrieve({ page_id: pageId });
  if (!isFullPage(page)) throw new Error("Notion sent the page without its properties");
  return page;
}

/** The listed entries of each data source (database), by its id. */
function entriesByDataSource(
  pages: readonly SourceDocument[],
  content: SharedContent,
): Map<string, SourceDocument[]> {
  const entries = new Map<string, SourceDocument[]>();
  for (const document of pages) {
    const parent = content.pages.get(document.id)?.parent;
    if (parent?.type !== "data_source_id") continue;
    const siblings = entries.get(parent.data_source_id) ?? [];
    siblings.push(document);
    entries.set(parent.data_source_id, siblings);
  }
  return entries;
}

/** The title of the database (data source) a database entry belongs to, when that is shared too. */
function databaseOf(page: PageObjectResponse, content: SharedContent): string | undefined {
  const parent = page.parent;
  if (parent?.type !== "data_source_id") return undefined;
  const dataSource = content.dataSources.get(parent.data_source_id);
  const title = textOf(dataSource?.title);
  return title === "" ? undefined : title;
}

/**
 * When Notion's search stopped short, a page it did not return may still be shared: it is kept as it was indexed
 * (same version, so not read again) rather than removed on an absence that proves nothing.
 */
function keptFromBefore(
  listed: readonly SourceDocument[],
  previous: ListContext["previous"],
  scope: string,
  entry: SourceEntry<NotionSettings>,
  context: SourceContext,
): SourceDocument[] {
  const seen = new Set(listed.map((document) => document.id));
  const kept = [...previous.documents].filter(([id]) => !seen.has(id));
  context.logger.warn(
    { source: entry.name, listed: listed.length, kept: kept.length },
    "notion search was incomplete; pages it did not return are kept as they were",
  );
  return kept.map(([id, before]) => ({
    id,
    scope,
    version: before.version,
    mediaType: documentMediaTypes.markdown,
    ...(before.url === undefined ? {} : { url: before.url }),
    ...(before.title === undefined ? {} : { title: before.title }),
  }));
}

function missingToken(entry: SourceEntry<NotionSettings>): DocentError {
  const variable = entry.credentialVariables.token ?? "the variable auth.token_env names";
  return new DocentError(
    "CONFIG_INVALID",
    `The ${entry.name} source has no Notion token: set ${variable} to the integration's internal token`,
  );
}
