import { z } from "zod";
import { DocentError } from "../../errors.js";
import type { DocumentSource, SourceDocument, SourceListing, SourceProblem } from "../document-source.js";
import { documentMediaTypes } from "../media-types.js";
import type { SourceContext, SourceEntry, SourceKind } from "../source-kind.js";
import { type ConfluenceConnection, getJson } from "./confluence-connection.js";
import { findSpaces, listSpacePages } from "./confluence-listing.js";
import { type PageSummary, pageWithBodyReply } from "./confluence-replies.js";
import { storageToHtml } from "./storage-to-html.js";

const settings = z
  .object({
    /** The site's wiki base, as people open it: https://example.atlassian.net/wiki. */
    url: z.url({
      protocol: /^https?$/,
      error: "url must be the site's wiki address, e.g. https://example.atlassian.net/wiki",
    }),
    /** The keys of the spaces to sync (HR, ENG); each one's scope comes from `scope` or `scopes`. */
    spaces: z
      .array(z.string().trim().min(1))
      .min(1, "spaces must name at least one space key")
      .refine((keys) => new Set(keys).size === keys.length, "spaces names a space key twice"),
  })
  .strict();

export type ConfluenceSettings = z.infer<typeof settings>;

/**
 * Confluence Cloud over its REST API v2: the current pages of the spaces named, in storage format read as HTML.
 * Listing asks for the pages without their bodies (a few requests per space, 250 pages each); a page's version
 * number decides whether it changed, and only a changed page's body is fetched (GET /pages/{id}), so that an
 * unchanged re-sync costs the listing requests and nothing more. Pages deleted, moved to a space not synced or
 * made invisible to the account are no longer listed, so they leave the index.
 */
export const confluenceSource: SourceKind<ConfluenceSettings> = {
  type: "confluence",
  settings,
  credentials: ["user", "token"],
  apiUrl: true,
  containers: "space key",
  create: createConfluenceSource,
};

export function createConfluenceSource(
  entry: SourceEntry<ConfluenceSettings>,
  context: SourceContext,
): DocumentSource {
  const site = entry.settings.url.replace(/\/+$/, "");
  const connection = connectionOf(entry, context, site);
  return {
    name: entry.name,
    kind: "confluence",
    location: `Confluence at ${site}`,
    keyPrefix: `${entry.name}/`,
    async check(): Promise<void> {
      const missing = (["user", "token"] as const).filter((key) => !entry.credentials[key]);
      if (missing.length === 0) return;
      const names = missing.map((key) => entry.credentialVariables[key] ?? `auth.${key}_env`);
      throw new DocentError(
        "SOURCE_UNAVAILABLE",
        `The ${entry.name} source needs ${names.join(" and ")} set (the Atlassian account's e-mail address and an API token)`,
      );
    },
    async list({ signal }): Promise<SourceListing> {
      return listSpaces(entry, context, connection, site, signal);
    },
    async read(document: SourceDocument, signal?: AbortSignal): Promise<Buffer> {
      const url = `${connection.apiBase}/pages/${encodeURIComponent(document.id)}?body-format=storage`;
      const what = `page ${document.id}${document.title === undefined ? "" : ` ("${document.title}")`}`;
      const purpose = {
        what,
        permission: `${connection.account} the View permission on that page`,
        gone: `Confluence no longer has ${what} (HTTP 404): it was deleted or moved since it was listed`,
      };
      const { body } = await getJson(connection, url, purpose, pageWithBodyReply, signal);
      return Buffer.from(storageToHtml(body.body.storage.value, body.title), "utf8");
    },
  };
}

async function listSpaces(
  entry: SourceEntry<ConfluenceSettings>,
  context: SourceContext,
  connection: ConfluenceConnection,
  site: string,
  signal: AbortSignal | undefined,
): Promise<SourceListing> {
  const synced = entry.settings.spaces.filter((key) => context.scopeOf(key) !== null);
  const skipped = entry.settings.spaces.filter((key) => !synced.includes(key)).map((key) => `spaces/${key}`);
  if (skipped.length > 0)
    context.logger.warn({ source: entry.name, skipped }, "spaces without a scope not synced");
  const documents = new Map<string, SourceDocument>();
  const failed: SourceProblem[] = [];
  if (synced.length === 0) return { documents: [], skipped, failed };
  const ids = await findSpaces(connection, synced, site, signal);
  let requests = 1;
  for (const key of synced) {
    const scope = context.scopeOf(key) as string;
    const listed = await listSpacePages(connection, { key, id: ids.get(key) as string }, signal);
    requests += listed.requests;
    failed.push(...listed.failed);
    for (const page of listed.pages) {
      // A page moved while the spaces were listed can be seen twice: the first sighting counts.
      if (!documents.has(page.id)) documents.set(page.id, documentOf(page, scope, site));
    }
  }
  context.logger.debug({ source: entry.name, pages: documents.size, requests }, "confluence spaces listed");
  return { documents: [...documents.values()], skipped, failed };
}

function documentOf(page: PageSummary, scope: string, site: string): SourceDocument {
  const webui = page._links?.webui;
  return {
    id: page.id,
    scope,
    version: String(page.version.number),
    mediaType: documentMediaTypes.html,
    url: webui
      ? `${site}${webui.startsWith("/") ? "" : "/"}${webui}`
      : `${site}/pages/viewpage.action?pageId=${page.id}`,
    title: page.title,
  };
}

function connectionOf(
  entry: SourceEntry<ConfluenceSettings>,
  context: SourceContext,
  site: string,
): ConfluenceConnection {
  const user = entry.credentials.user ?? "";
  const token = entry.credentials.token ?? "";
  const userVariable = entry.credentialVariables.user ?? "auth.user_env";
  const tokenVariable = entry.credentialVariables.token ?? "auth.token_env";
  return {
    source: entry.name,
    apiBase: `${(entry.apiUrl ?? site).replace(/\/+$/, "")}/api/v2`,
    authorization: `Basic ${Buffer.from(`${user}:${token}`, "utf8").toString("base64")}`,
    fetch: context.fetch,
    credentials: `the e-mail address in ${userVariable} and the API token in ${tokenVariable}`,
    account: `the Atlassian account in ${userVariable}`,
  };
}
