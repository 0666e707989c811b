import type { Client, DataSourceObjectResponse, PageObjectResponse } from "@notionhq/client";
import { hashText } from "../../documents/content-hash.js";
import { DocentError } from "../../errors.js";
import type { SourceDocument } from "../document-source.js";
import { documentMediaTypes } from "../media-types.js";
import { pageTitle, propertyText, textOf } from "./page-properties.js";

/**
 * A database (a data source, as API version 2025-09-03 calls the table inside a database) as a document of its
 * own: its title, its description, and one Markdown table row per entry (the entry's title linked to it, then its
 * properties), for questions about the whole ("which runbooks are still drafts?"); each entry is also a page
 * document of its own. Its version changes when the database does or when any of its entries does (their ids
 * and versions from the same listing), so an unchanged database is not read again.
 */
export function databaseDocument(
  dataSource: DataSourceObjectResponse,
  entries: readonly SourceDocument[],
  scope: string,
): SourceDocument {
  const rows = entries.map((entry) => `${entry.id}@${entry.version}`).sort();
  return {
    id: dataSource.id,
    scope,
    version: `${dataSource.last_edited_time} ${rows.length} entries ${hashText(rows.join("\n")).slice(0, 16)}`,
    mediaType: documentMediaTypes.markdown,
    url: dataSource.url,
    title: databaseTitle(dataSource),
  };
}

export function databaseTitle(dataSource: Pick<DataSourceObjectResponse, "title">): string {
  return textOf(dataSource.title) || "Untitled database";
}

/** The entries of a data source, with dataSources.query page by page (start_cursor, has_more, next_cursor). */
export async function queryEntries(client: Client, dataSourceId: string): Promise<PageObjectResponse[]> {
  const entries: PageObjectResponse[] = [];
  let cursor: string | undefined;
  do {
    const found = await client.dataSources.query({
      data_source_id: dataSourceId,
      page_size: 100,
      ...(cursor === undefined ? {} : { start_cursor: cursor }),
    });
    if (!Array.isArray(found.results)) {
      throw new DocentError(
        "SOURCE_UNAVAILABLE",
        `Notion's reply for the entries of ${dataSourceId} holds no list`,
      );
    }
    for (const result of found.results) {
      if (result.object === "page" && "properties" in result && !result.in_trash && !result.archived) {
        entries.push(result);
      }
    }
    cursor = found.has_more && typeof found.next_cursor === "string" ? found.next_cursor : undefined;
  } while (cursor !== undefined);
  return entries;
}

/** The database as Markdown: a title, its description, and a table of its entries. */
export function databaseMarkdown(
  dataSource: DataSourceObjectResponse,
  entries: readonly PageObjectResponse[],
): string {
  const columns = Object.values(dataSource.properties ?? {})
    .filter((property) => property?.type !== "title")
    .map((property) => property.name);
  const shown = columns.filter((name) =>
    entries.some((entry) => propertyText(entry.properties[name]).trim() !== ""),
  );
  const header = ["Name", ...shown];
  const rows = entries.map((entry) => [
    `[${cell(pageTitle(entry))}](${entry.url})`,
    ...shown.map((name) => cell(propertyText(entry.properties[name]))),
  ]);
  const table = [header, header.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");
  const description = textOf(dataSource.description);
  const parts = [`# ${databaseTitle(dataSource)}`, description, entries.length === 0 ? "No entries." : table];
  return `${parts.filter((part) => part !== "").join("\n\n")}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();
}
