import { describeSizeLimit } from "../../documents/file-size.js";
import { DocentError } from "../../errors.js";
import type { DocumentSource, SourceDocument } from "../document-source.js";
import type { SourceContext, SourceEntry, SourceKind } from "../source-kind.js";
import { createAccessTokens } from "./access-token.js";
import { itemIdOf } from "./drive-items.js";
import { createGraphApi, graphApiUrl } from "./graph-api.js";
import { listLibraries } from "./list-libraries.js";
import { type SharepointSettings, sharepointSettings } from "./sharepoint-settings.js";

/**
 * SharePoint Online: the document libraries of one site, through Microsoft Graph with an app registration's
 * client credentials (application permission Sites.Read.All). Markdown, text, HTML, PDF and Word files, in every
 * folder; re-syncs ask each library's delta feed for what changed.
 */
export const sharepointSource: SourceKind<SharepointSettings> = {
  type: "sharepoint",
  settings: sharepointSettings,
  credentials: ["tenant", "client_id", "client_secret"],
  apiUrl: true,
  containers: "library name",
  create: createSharepointSource,
};

function createSharepointSource(
  entry: SourceEntry<SharepointSettings>,
  context: SourceContext,
): DocumentSource {
  const { api, tokens } = graphApiOf(entry, context);
  const site = entry.settings.site.replace(/\/+$/, "");
  // The drive each listed document is read from, as the last listing found it.
  let drives = new Map<string, string>();
  return {
    name: entry.name,
    kind: "sharepoint",
    location: `the SharePoint site ${site}`,
    keyPrefix: `${entry.name}/`,
    async check(signal) {
      await tokens.current(signal);
    },
    async list({ previous, signal }) {
      const listing = await listLibraries({
        api,
        source: entry.name,
        site,
        libraries: entry.settings.libraries,
        scopeOf: (library) => context.scopeOf(library),
        maxDocumentBytes: context.maxDocumentBytes,
        logger: context.logger,
        previous,
        ...(signal === undefined ? {} : { signal }),
      });
      drives = listing.drives;
      return {
        documents: listing.documents,
        skipped: listing.skipped,
        failed: listing.failed,
        state: listing.state,
      };
    },
    read: (document: SourceDocument, signal) => readFile(api, entry.name, drives, document, context, signal),
  };
}

/** Microsoft Graph as this entry reaches it: its token from Entra ID, every request through the source's fetch. */
function graphApiOf(entry: SourceEntry<SharepointSettings>, context: SourceContext) {
  const variables = entry.credentialVariables;
  const tokens = createAccessTokens({
    source: entry.name,
    credentials: entry.credentials,
    variables,
    ...(entry.settings.authority_host === undefined ? {} : { authorityHost: entry.settings.authority_host }),
    fetch: context.fetch,
  });
  const api = createGraphApi({
    apiUrl: entry.apiUrl ?? graphApiUrl,
    fetch: context.fetch,
    tokens,
    hints: {
      source: entry.name,
      credentials: `the app registration in ${variables.tenant}, ${variables.client_id} and ${variables.client_secret}`,
      permission: `the Microsoft Graph application permission Sites.Read.All, with admin consent, to the app in ${variables.client_id}`,
    },
  });
  return { api, tokens };
}

/** One listed file's bytes, from the drive the last listing found it in, within the size limit. */
async function readFile(
  api: ReturnType<typeof graphApiOf>["api"],
  source: string,
  drives: ReadonlyMap<string, string>,
  document: SourceDocument,
  context: SourceContext,
  signal: AbortSignal | undefined,
): Promise<Buffer> {
  const driveId = drives.get(document.id);
  if (driveId === undefined) throw new Error("the file was not listed in this run");
  const path = `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemIdOf(document.id))}/content`;
  const response = await api.get(path, signal);
  const what = `file ${document.title ?? document.id}`;
  if (response.status === 404) {
    await response.body?.cancel().catch(() => undefined);
    throw new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${source} source found ${what} gone from its library (HTTP 404): the next sync drops it`,
      { status: 404 },
    );
  }
  if (!response.ok) throw api.failure(response, what);
  const bytes = await readUpTo(response, context.maxDocumentBytes);
  if (bytes === null) throw new Error(describeSizeLimit(context.maxDocumentBytes));
  return bytes;
}

/** A download's bytes, or null once it passes the limit (the rest is not read). */
async function readUpTo(response: Response, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    return declared > maxBytes ? null : Buffer.alloc(0);
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response.body) {
    length += chunk.length;
    // Leaving the loop cancels the rest of the download.
    if (length > maxBytes) return null;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, length);
}
