import { Client, LogLevel } from "@notionhq/client";
import { DocentError } from "../../errors.js";
import { describeAddress } from "../http/describe-address.js";
import { httpFailure, readJsonBody } from "../http/http-failure.js";
import type { SourceContext, SourceEntry } from "../source-kind.js";

/** The API version docent speaks: databases hold data sources, whose entries are pages (2025-09-03 and later). */
export const notionVersion = "2025-09-03";

/**
 * The client's own timeout would give up on a request that context.fetch is still trying (its deadline is per try,
 * and it waits out Retry-After between tries) without stopping it; context.fetch's deadlines are the ones that count,
 * so the client's is set past anything they allow (the longest a timer can wait).
 */
const noClientTimeoutMs = 2 ** 31 - 1;

export interface NotionCall {
  /** What the request is for, in a report's words: "the pages shared with its integration", "page <id>". */
  what: string;
  signal?: AbortSignal;
}

/**
 * Notion's official client, making every request through context.fetch (deadline per try, retries, Retry-After,
 * politeness limit, cancellation) with the call's signal. The client's own retries are off: context.fetch already
 * retries 429, 5xx and network failures, and both together would multiply the tries (3 x 3) and the waits. A reply
 * that is not a success is turned here into its one sentence (401 names the token's variable, 403 the capability
 * to grant), and a body that is not JSON into another, so the client only ever sees good JSON.
 */
export function openNotion(entry: SourceEntry<unknown>, context: SourceContext, call: NotionCall): Client {
  const hints = {
    source: entry.name,
    what: call.what,
    credentials: `the integration token in ${entry.credentialVariables.token ?? "the variable auth.token_env names"}`,
    permission:
      'the integration the "Read content" capability and share the pages with it (a page\'s ... menu, Connections)',
  };
  return new Client({
    auth: entry.credentials.token,
    ...(entry.apiUrl === undefined ? {} : { baseUrl: entry.apiUrl.replace(/\/+$/, "") }),
    notionVersion,
    retry: false,
    timeoutMs: noClientTimeoutMs,
    logLevel: LogLevel.WARN,
    // The client's log lines may quote a reply; ours carry the level and the event only.
    logger: (level, message) =>
      context.logger.debug({ source: entry.name, level }, `notion client: ${message}`),
    fetch: async (url, init) => {
      const response = await context.fetch(url, { ...init, signal: call.signal ?? null });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw httpFailure(response, hints);
      }
      const body = await readJsonBody(response, entry.name, call.what);
      if (typeof body !== "object" || body === null) throw notAnObject(entry.name, call.what, url);
      return {
        ok: true,
        status: response.status,
        headers: response.headers,
        text: async () => JSON.stringify(body),
      };
    },
  });
}

function notAnObject(source: string, what: string, url: string): DocentError {
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${source} source could not read ${what}: ${describeAddress(url)} sent JSON that is not a Notion object`,
  );
}

/** Whether a failure is Notion saying the object is not there for this token (deleted, or no longer shared). */
export function isNotFound(error: unknown): boolean {
  return error instanceof DocentError && error.status === 404;
}
