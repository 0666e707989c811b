import type { Client, DataSourceObjectResponse, PageObjectResponse } from "@notionhq/client";
import { DocentError } from "../../errors.js";
import type { SourceProblem } from "../document-source.js";
import { queryEntries } from "./database-document.js";

/** What the integration can see: its pages (database entries among them) and its data sources (databases). */
export interface SharedContent {
  pages: ReadonlyMap<string, PageObjectResponse>;
  dataSources: ReadonlyMap<string, DataSourceObjectResponse>;
  /** The entries of each data source, by its id, from a query of the data source (complete, unlike the search). */
  entries: ReadonlyMap<string, PageObjectResponse[]>;
  /** Data sources whose entries could not be queried, with the reason. */
  failed: SourceProblem[];
  /** false when Notion said the search stopped short (request_status "incomplete"): absence then proves nothing. */
  complete: boolean;
}

/**
 * Everything shared with the integration, from the search endpoint with no query, page by page (start_cursor,
 * has_more, next_cursor): pages and data sources with their metadata only (title, url, last_edited_time), no
 * content; then each data source's entries (metadata too). Sorted by last_edited_time ascending, so that a page edited while the listing runs moves to the end,
 * where the listing still finds it, instead of slipping past it; a page seen twice counts once. Pages and data
 * sources in the trash are left out.
 */
/** Notion's client for one kind of request, named as a report says what it was for. */
export type OpenNotion = (what: string) => Client;

export async function listShared(open: OpenNotion, source: string): Promise<SharedContent> {
  const client = open("the pages shared with its integration");
  const pages = new Map<string, PageObjectResponse>();
  const dataSources = new Map<string, DataSourceObjectResponse>();
  let complete = true;
  let cursor: string | undefined;
  do {
    const found = await client.search({
      sort: { timestamp: "last_edited_time", direction: "ascending" },
      page_size: 100,
      ...(cursor === undefined ? {} : { start_cursor: cursor }),
    });
    if (!Array.isArray(found.results)) throw notAList(source);
    for (const result of found.results) {
      if (!("last_edited_time" in result) || typeof result.id !== "string") continue;
      const trashed = result.in_trash === true || result.archived === true;
      const map: Map<string, unknown> = result.object === "page" ? pages : dataSources;
      if (trashed) map.delete(result.id);
      else if (result.object === "page") pages.set(result.id, result);
      else if (result.object === "data_source") dataSources.set(result.id, result);
    }
    if (found.request_status?.type === "incomplete") complete = false;
    cursor = found.has_more && typeof found.next_cursor === "string" ? found.next_cursor : undefined;
  } while (cursor !== undefined);
  const { entries, failed } = await queryDataSources(open, dataSources, pages);
  return { pages, dataSources, entries, failed, complete };
}

/**
 * Each data source's entries, queried in full: Notion's search index can lag behind (an entry created or imported
 * a moment ago may not be found yet), so the entries a query finds are added to the pages the search found, and
 * a page is never removed for an absence from the search alone when its database says otherwise. A data source
 * that cannot be queried is reported; the rest of the listing stands.
 */
async function queryDataSources(
  open: OpenNotion,
  dataSources: ReadonlyMap<string, DataSourceObjectResponse>,
  pages: Map<string, PageObjectResponse>,
): Promise<{ entries: Map<string, PageObjectResponse[]>; failed: SourceProblem[] }> {
  const entries = new Map<string, PageObjectResponse[]>();
  const failed: SourceProblem[] = [];
  for (const id of dataSources.keys()) {
    try {
      const found = await queryEntries(open(`the entries of database ${id}`), id);
      entries.set(id, found);
      for (const entry of found) if (!pages.has(entry.id)) pages.set(entry.id, entry);
    } catch (error) {
      if (error instanceof DocentError && error.code === "CANCELLED") throw error;
      failed.push({ id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { entries, failed };
}

function notAList(source: string): DocentError {
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${source} source could not list the pages shared with its integration: Notion's reply holds no list of results`,
  );
}
