import type { Client, Context, Middleware, MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import { DocentError } from "../../errors.js";
import { type FailureHints, httpFailure, readJsonBody } from "../http/http-failure.js";
import type { AccessTokens } from "./access-token.js";

export const graphApiUrl = "https://graph.microsoft.com/v1.0";

export interface GraphApiOptions {
  /** Where Graph is ("https://graph.microsoft.com/v1.0", or the entry's api_url). */
  apiUrl: string;
  /** The shared source fetch: every request, the token's and the downloads' included, goes through it. */
  fetch: typeof fetch;
  tokens: AccessTokens;
  /** The sentences' parts for a refused request (the source's name, the variables, the permission). */
  hints: Omit<FailureHints, "what">;
}

export interface GraphApi {
  /** GETs a path of the API ("/sites/...") or a link Graph gave (@odata.nextLink), as the raw response. */
  get(pathOrLink: string, signal?: AbortSignal): Promise<Response>;
  /** A successful response's JSON, or the one sentence for a refused request or a body that is not JSON. */
  json(response: Response, what: string): Promise<Record<string, unknown>>;
  /** The sentence for a response that is not what was asked for. */
  failure(response: Response, what: string): DocentError;
}

/**
 * Microsoft Graph through its JavaScript client (@microsoft/microsoft-graph-client), given the custom middleware
 * chain its documentation describes (docs/CustomMiddlewareChain.md): a handler that adds the app's bearer token to
 * requests for the API (and asks once more with a new token when Graph refuses the one sent), then a handler that sends them with the shared source fetch (deadline per try, retries,
 * Retry-After, cancellation), in place of the client's own retry, redirect and fetch handlers. The client is loaded
 * on the first request, so commands that never sync SharePoint do not pay for it.
 */
export function createGraphApi(options: GraphApiOptions): GraphApi {
  const base = new URL(options.apiUrl.replace(/\/+$/, ""));
  let client: Promise<Client> | undefined;
  const api: GraphApi = {
    async get(pathOrLink, signal) {
      client ??= createClient(options, base);
      const outcome = new RequestOutcome();
      const { ResponseType } = await import("@microsoft/microsoft-graph-client");
      const request = (await client)
        .api(relativePath(pathOrLink, base, options.hints.source))
        .middlewareOptions([outcome])
        .responseType(ResponseType.RAW);
      if (signal !== undefined) request.option("signal", signal);
      try {
        return (await request.get()) as Response;
      } catch (error) {
        // The client wraps what a handler throws in a GraphError; the source fetch's own sentence is the one to keep.
        throw outcome.failure ?? error;
      }
    },
    async json(response, what) {
      if (!response.ok) throw api.failure(response, what);
      const body = await readJsonBody(response, options.hints.source, what);
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new DocentError(
          "SOURCE_UNAVAILABLE",
          `The ${options.hints.source} source could not read ${what}: the reply is not a JSON object`,
          { status: response.status },
        );
      }
      return body as Record<string, unknown>;
    },
    failure(response, what) {
      void response.body?.cancel().catch(() => undefined);
      return httpFailure(response, { ...options.hints, what });
    },
  };
  return api;
}

async function createClient(options: GraphApiOptions, base: URL): Promise<Client> {
  const { Client } = await import("@microsoft/microsoft-graph-client");
  return Client.initWithMiddleware({
    baseUrl: base.href,
    defaultVersion: "",
    middleware: [new BearerTokenHandler(options.tokens, base.origin), new SourceFetchHandler(options.fetch)],
  });
}

/** Where one request keeps what went wrong in the source fetch, past the client's wrapping. */
class RequestOutcome implements MiddlewareOptions {
  failure: unknown = undefined;
}

/**
 * Adds "Authorization: Bearer <token>" to requests for the API's own origin, and to nothing else. When Graph answers
 * 401 (the token expired or was revoked mid-run: InvalidAuthenticationToken), the request is sent once more with a
 * new token; a second 401 is the caller's to turn into the sentence naming the variables.
 */
class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly tokens: AccessTokens,
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    if (new URL(url).origin !== this.origin) {
      await this.next?.execute(context);
      return;
    }
    const sent = await this.authorize(context, (signal) => this.tokens.current(signal));
    await this.next?.execute(context);
    const response = context.response;
    if (response?.status !== 401 || !this.isFromApi(response)) return;
    await response.body?.cancel().catch(() => undefined);
    await this.authorize(context, (signal) => this.tokens.replace(sent, signal));
    await this.next?.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }

  /** Sets the request's Authorization header to the token given, and returns that token. */
  private async authorize(
    context: Context,
    token: (signal: AbortSignal | undefined) => Promise<string>,
  ): Promise<string> {
    context.options ??= {};
    const init = context.options;
    try {
      const value = await token((init.signal ?? undefined) as AbortSignal | undefined);
      init.headers = { ...(init.headers as Record<string, string>), Authorization: `Bearer ${value}` };
      return value;
    } catch (error) {
      throw remembered(context, error);
    }
  }

  /** A 401 from Graph itself, not from the download address a redirect led to (that one takes no token). */
  private isFromApi(response: Response): boolean {
    return response.url === "" || new URL(response.url).origin === this.origin;
  }
}

/** The last handler: sends the request with the shared source fetch and sets the response on the context. */
class SourceFetchHandler implements Middleware {
  constructor(private readonly fetch: typeof globalThis.fetch) {}

  async execute(context: Context): Promise<void> {
    try {
      context.response = await this.fetch(context.request, context.options as RequestInit);
    } catch (error) {
      throw remembered(context, error);
    }
  }
}

/** Keeps a handler's failure in the request's outcome, where `get` finds it after the client has wrapped it. */
function remembered(context: Context, error: unknown): unknown {
  const outcome = context.middlewareControl?.getMiddlewareOptions(RequestOutcome) as
    | RequestOutcome
    | undefined;
  if (outcome !== undefined) outcome.failure = error;
  return error;
}

/**
 * A link Graph gave (https://graph.microsoft.com/v1.0/drives/...?token=...) as a path under the API's base, so that
 * it is asked of the base the entry names (a proxy, a test server) and keeps its query exactly as given.
 */
function relativePath(pathOrLink: string, base: URL, source: string): string {
  if (!/^https?:\/\//i.test(pathOrLink)) return pathOrLink;
  const link = new URL(pathOrLink);
  const prefix = base.pathname.replace(/\/+$/, "");
  if (!link.pathname.startsWith(`${prefix}/`)) {
    throw new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${source} source was sent a link outside Microsoft Graph's ${prefix || "/"} path; the next sync starts over`,
    );
  }
  return link.pathname.slice(prefix.length) + link.search;
}
