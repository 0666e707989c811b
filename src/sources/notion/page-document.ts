import type { PageObjectResponse } from "@notionhq/client";
import type { SourceDocument } from "../document-source.js";
import { documentMediaTypes } from "../media-types.js";
import { blocksToMarkdown } from "./blocks-to-markdown.js";
import { pageTitle, propertiesToMarkdown } from "./page-properties.js";
import type { BlockNode } from "./read-blocks.js";

/**
 * Notion rounds last_edited_time to the minute, so a page edited again within the minute after a sync read it keeps
 * the same time. A page edited this recently gets a version that says so, and the first sync after the window reads
 * it once more under its plain time: an edit is never missed, at the cost of one more read per edited page.
 */
export const settlingMs = 3 * 60_000;

/** A shared page as a document: its id, its url as people open it, its title, and when it was last edited. */
export function pageDocument(page: PageObjectResponse, scope: string, now: number): SourceDocument {
  return {
    id: page.id,
    scope,
    version: pageVersion(page.last_edited_time, now),
    mediaType: documentMediaTypes.markdown,
    url: page.url,
    title: pageTitle(page),
  };
}

export function pageVersion(lastEditedTime: string, now: number): string {
  const edited = Date.parse(lastEditedTime);
  return Number.isNaN(edited) || now - edited >= settlingMs ? lastEditedTime : `${lastEditedTime} (settling)`;
}

/**
 * A page as Markdown: its title as the first heading, a database entry's database and properties as a list, then
 * its blocks.
 */
export function pageMarkdown(
  page: PageObjectResponse,
  blocks: readonly BlockNode[],
  database?: string,
): string {
  const about = [database === undefined ? "" : `- **Database:** ${database}`, propertiesToMarkdown(page)]
    .filter((text) => text !== "")
    .join("\n");
  const body = blocksToMarkdown(blocks);
  return `${[`# ${pageTitle(page)}`, about, body].filter((text) => text !== "").join("\n\n")}\n`;
}
