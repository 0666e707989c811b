import type { z } from "zod";
import { DocentError } from "../../errors.js";
import { describeAddress } from "../http/describe-address.js";
import { httpFailure, readJsonBody } from "../http/http-failure.js";
import { multiEntityReply } from "./confluence-replies.js";

/** How a Confluence source talks to the REST API v2: where, as whom, and what to say when refused. */
export interface ConfluenceConnection {
  /** The source's name, for sentences. */
  source: string;
  /** The API's base, ".../wiki/api/v2" (from api_url when set, else the site's url). */
  apiBase: string;
  /** "Basic ..." from the user's e-mail address and API token. Never logged. */
  authorization: string;
  /** The shared policy fetch (deadline, retries, Retry-After, in-flight limit, cancellation). */
  fetch: typeof fetch;
  /** What to check when the credentials are refused: names the variables. */
  credentials: string;
  /** Who needs the View permission, for the sentence of a 403: "the account in CONFLUENCE_USER". */
  account: string;
}

/** What a request is for, in the words of its sentences: "pages of space HR", and the access a 403 asks for. */
export interface RequestPurpose {
  what: string;
  permission: string;
  /** The sentence for a 404, when it means the thing is gone rather than a wrong address. */
  gone?: string;
}

/**
 * One GET to the API: the reply's JSON checked against its shape, and the link to the next batch of results (Link
 * header, else _links.next). A status that is not OK becomes its sentence (401 names the variables, 403 the
 * permission); a body that is not JSON or not of the expected shape becomes one sentence too.
 */
export async function getJson<Shape extends z.ZodType>(
  connection: ConfluenceConnection,
  url: string,
  purpose: RequestPurpose,
  shape: Shape,
  signal?: AbortSignal,
): Promise<{ body: z.infer<Shape>; next: string | null }> {
  const response = await connection.fetch(url, {
    headers: { authorization: connection.authorization, accept: "application/json" },
    ...(signal === undefined ? {} : { signal }),
  });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 404 && purpose.gone !== undefined) {
      throw new DocentError("SOURCE_UNAVAILABLE", purpose.gone, { status: 404 });
    }
    const { what, permission } = purpose;
    throw httpFailure(response, {
      source: connection.source,
      credentials: connection.credentials,
      what,
      permission,
    });
  }
  const json = await readJsonBody(response, connection.source, purpose.what);
  const parsed = shape.safeParse(json);
  if (!parsed.success) throw unexpectedReply(connection, purpose.what, url);
  return { body: parsed.data, next: nextLink(response.headers.get("link"), json) };
}

/**
 * Every result of a paginated listing (cursor pagination: each reply links to the next batch), handed to
 * `onResults` batch by batch. The next link is followed under the API's own base, whatever host it names, so
 * that the credentials only ever go where the sources file says; a link that repeats itself stops the listing.
 */
export async function getAllResults(
  connection: ConfluenceConnection,
  firstUrl: string,
  purpose: RequestPurpose,
  onResults: (results: unknown[]) => void,
  signal?: AbortSignal,
): Promise<number> {
  const seen = new Set<string>();
  let url: string | null = firstUrl;
  while (url !== null) {
    if (seen.has(url)) throw unexpectedReply(connection, purpose.what, url);
    seen.add(url);
    const reply: { body: z.infer<typeof multiEntityReply>; next: string | null } = await getJson(
      connection,
      url,
      purpose,
      multiEntityReply,
      signal,
    );
    onResults(reply.body.results);
    const next = reply.next;
    url = next === null ? null : underApiBase(connection, next, purpose.what);
  }
  return seen.size;
}

/** The `rel="next"` target of a Link header, else the reply's _links.next, else null. */
export function nextLink(header: string | null, body: unknown): string | null {
  for (const part of header?.split(",") ?? []) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /\brel\s*=\s*"?next"?/i.test(match[2] ?? "")) return match[1] ?? null;
  }
  const links = (body as { _links?: { next?: unknown } } | null)?._links;
  return typeof links?.next === "string" && links.next !== "" ? links.next : null;
}

/** "/wiki/api/v2/spaces/1/pages?cursor=x" (or a full URL) as the same path under the API's base. */
function underApiBase(connection: ConfluenceConnection, next: string, what: string): string {
  const marker = "/api/v2/";
  const at = next.indexOf(marker);
  if (at === -1) throw unexpectedReply(connection, what, next);
  return `${connection.apiBase}/${next.slice(at + marker.length)}`;
}

function unexpectedReply(connection: ConfluenceConnection, what: string, url: string): DocentError {
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${connection.source} source could not read ${what}: ${describeAddress(url)} sent a reply that is not ` +
      "what the Confluence REST API v2 sends (check api_url and url in the sources file)",
  );
}
