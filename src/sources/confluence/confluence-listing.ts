import { DocentError } from "../../errors.js";
import type { SourceProblem } from "../document-source.js";
import { type ConfluenceConnection, getAllResults } from "./confluence-connection.js";
import { type PageSummary, pageSummaryReply, spaceReply } from "./confluence-replies.js";

/** The most results Confluence gives per request (limit 1-250). */
const batchSize = 250;

/**
 * The ids of the spaces with the given keys (GET /spaces?keys=...), by key as the sources file writes it. A key
 * Confluence does not know, or whose space the account may not view (Confluence does not say which), stops the
 * listing with one sentence naming it, so that its pages are kept rather than dropped.
 */
export async function findSpaces(
  connection: ConfluenceConnection,
  keys: readonly string[],
  site: string,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const query = keys.map((key) => encodeURIComponent(key)).join(",");
  const url = `${connection.apiBase}/spaces?keys=${query}&limit=${batchSize}`;
  const found = new Map<string, string>();
  const purpose = {
    what: `${keys.length === 1 ? "space" : "spaces"} ${listWords(keys)}`,
    permission: `${connection.account} the View permission on ${keys.length === 1 ? "that space" : "those spaces"}`,
  };
  await getAllResults(
    connection,
    url,
    purpose,
    (results) => {
      for (const result of results) {
        const space = spaceReply.safeParse(result);
        if (space.success) found.set(space.data.key.toLowerCase(), space.data.id);
      }
    },
    signal,
  );
  const missing = keys.filter((key) => !found.has(key.toLowerCase()));
  if (missing.length > 0) throw spacesNotFound(connection, missing, site);
  return new Map(keys.map((key) => [key, found.get(key.toLowerCase()) as string]));
}

/**
 * A space's current pages, without their bodies (GET /spaces/{id}/pages?status=current, 250 at a time): enough to
 * tell by version which changed. A page listed without an id is ignored; one without a title or version is
 * reported, so that its last good version stays.
 */
export async function listSpacePages(
  connection: ConfluenceConnection,
  space: { key: string; id: string },
  signal?: AbortSignal,
): Promise<{ pages: PageSummary[]; failed: SourceProblem[]; requests: number }> {
  const url = `${connection.apiBase}/spaces/${encodeURIComponent(space.id)}/pages?status=current&limit=${batchSize}`;
  const pages: PageSummary[] = [];
  const failed: SourceProblem[] = [];
  const purpose = {
    what: `the pages of space ${space.key}`,
    permission: `${connection.account} the View permission on space ${space.key}`,
  };
  const onResults = (results: unknown[]) => {
    for (const result of results) {
      const page = pageSummaryReply.safeParse(result);
      if (page.success) pages.push(page.data);
      else {
        const id = (result as { id?: unknown } | null)?.id;
        if (typeof id === "string" || typeof id === "number") {
          failed.push({ id: String(id), reason: "Confluence listed the page without a title or version" });
        }
      }
    }
  };
  const requests = await getAllResults(connection, url, purpose, onResults, signal);
  return { pages, failed, requests };
}

function spacesNotFound(connection: ConfluenceConnection, missing: string[], site: string): DocentError {
  const spaces = `${missing.length === 1 ? "space" : "spaces"} ${listWords(missing)}`;
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${connection.source} source found no ${spaces} in Confluence at ${site}: check the space keys in the ` +
      `sources file, and that ${connection.account} may view ${missing.length === 1 ? "it" : "them"}`,
  );
}

/** "HR", "HR and ENG", "HR, ENG and OPS". */
function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
