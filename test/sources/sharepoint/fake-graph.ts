import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer, readBody } from "../../helpers/loopback-http.js";
import { type FakeDrive, FakeDrives, type FakeItem } from "./fake-drives.js";
import { sendError, sendJson } from "./fake-responses.js";

/** A way the fake misbehaves for the requests whose "METHOD /path?query" matches, a number of times. */
export interface Fault {
  match: RegExp;
  kind: "hang" | "malformed" | "status";
  status?: number;
  retryAfter?: string;
  times: number;
}

export const tenant = "contoso-tenant-id";
export const clientId = "docent-app-id";
export const clientSecret = "the-client-secret";
const pageSize = 2;
const siteId =
  "example.sharepoint.com,2c712604-1370-44e7-a1f5-426573b48a0b,2d2244c3-251a-49ea-93a8-39e4a4d5fa00";

/**
 * Microsoft Graph and Microsoft Entra ID's token endpoint on 127.0.0.1, following their documented wire formats:
 * the client credentials grant (form body; errors {error, error_description, error_codes}); GET /sites/{host}:{path};
 * GET /sites/{id}/drives; GET /drives/{id}/root/delta with @odata.nextLink pages and an @odata.deltaLink, deleted
 * items as tombstones with the `deleted` facet and no name (as OneDrive for Business sends them), HTTP 410 for an
 * expired link with a Location to start over; GET /drives/{id}/items/{id}/content answering 302 to a pre-signed
 * download URL on another origin; errors as {error: {code, message}}; 429 with Retry-After.
 */
export class FakeGraph {
  readonly site: FakeDrives;
  readonly requests: string[] = [];
  readonly downloads: Array<{ path: string; authorization: string | undefined }> = [];
  readonly faults: Fault[] = [];
  readonly tokens = new Set<string>();
  forbidden = false;
  /** The first token issued is accepted for this many Graph requests, then answered 401 (it expired). */
  expireFirstTokenAfter = Number.POSITIVE_INFINITY;
  /** Every token is answered 401, however new (an app whose access was revoked). */
  refusesTokens = false;
  /** The Graph requests answered 401 InvalidAuthenticationToken so far. */
  refusals = 0;
  /** The expires_in of the tokens issued, in seconds. */
  tokenLifetimeSeconds = 3599;
  private firstTokenUses = 0;
  /** Delta links from before this sequence number are answered 410 Gone. */
  expiredBefore = 0;
  private readonly cursors = new Map<string, { items: object[]; until: number }>();
  private graph: Server | undefined;
  private storage: Server | undefined;
  private graphBase = "";
  private storageBase = "";

  constructor() {
    this.site = new FakeDrives("https://example.sharepoint.com/sites/HR");
  }

  get apiUrl(): string {
    return `${this.graphBase}/v1.0`;
  }

  get authorityHost(): string {
    return `${this.graphBase}/login`;
  }

  async start(): Promise<this> {
    this.graph = await listen((request, response) => void this.answer(request, response));
    this.storage = await listen((request, response) => this.download(request, response));
    this.graphBase = `http://127.0.0.1:${(this.graph.address() as AddressInfo).port}`;
    this.storageBase = `http://127.0.0.1:${(this.storage.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (this.graph !== undefined) await closeServer(this.graph);
    if (this.storage !== undefined) await closeServer(this.storage);
  }

  /** The Graph requests made so far that match, as "GET /v1.0/..." (no query). */
  count(match: RegExp): number {
    return this.requests.filter((request) => match.test(request)).length;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.graphBase);
    const line = `${request.method} ${decodeURIComponent(url.pathname)}`;
    this.requests.push(line);
    const fault = this.faults.find(
      (candidate) => candidate.times > 0 && candidate.match.test(`${line}${url.search}`),
    );
    if (fault !== undefined) {
      fault.times -= 1;
      if (fault.kind === "hang") return;
      if (fault.kind === "malformed") {
        response.writeHead(200, { "content-type": "application/json" }).end('{"value": [{"id": "01');
        return;
      }
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { "retry-after": fault.retryAfter };
      sendError(
        response,
        fault.status ?? 503,
        fault.status === 429 ? "TooManyRequests" : "serviceNotAvailable",
        headers,
      );
      return;
    }
    if (url.pathname === `/login/${tenant}/oauth2/v2.0/token` && request.method === "POST") {
      issueToken(new URLSearchParams(await readBody(request)), this, response);
      return;
    }
    if (url.pathname.startsWith("/login/")) {
      sendJson(response, 400, {
        error: "invalid_request",
        error_description: "AADSTS90002: Tenant not found.",
        error_codes: [90002],
      });
      return;
    }
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!this.accepts(token)) {
      this.refusals += 1;
      sendError(response, 401, "InvalidAuthenticationToken");
      return;
    }
    if (this.forbidden) {
      sendError(response, 403, "accessDenied");
      return;
    }
    this.route(decodeURIComponent(url.pathname).slice("/v1.0".length), url.searchParams, response);
  }

  /** Whether Graph takes the token: one it issued, not revoked, and (the first one) not expired. */
  private accepts(token: string | undefined): boolean {
    if (token === undefined || !this.tokens.has(token) || this.refusesTokens) return false;
    if (token !== this.tokens.values().next().value) return true;
    this.firstTokenUses += 1;
    return this.firstTokenUses <= this.expireFirstTokenAfter;
  }

  private route(path: string, query: URLSearchParams, response: ServerResponse): void {
    const delta = /^\/drives\/([^/]+)\/root\/delta$/.exec(path);
    const content = /^\/drives\/([^/]+)\/items\/([^/]+)\/content$/.exec(path);
    if (path === "/sites/example.sharepoint.com:/sites/HR") {
      sendJson(response, 200, {
        id: siteId,
        name: "HR",
        displayName: "Human Resources",
        webUrl: this.site.siteUrl,
      });
    } else if (path === `/sites/${siteId}/drives`) {
      this.sendDrives(Number(query.get("$skiptoken") ?? 0), response);
    } else if (delta !== null) {
      this.sendDelta(delta[1] as string, query.get("token"), response);
    } else if (content !== null) {
      const [, driveId, itemId] = content;
      const item = this.site.driveById(driveId as string)?.items.get(itemId as string);
      const location = `${this.storageBase}/download/${driveId}/${itemId}?tempauth=${randomUUID()}`;
      if (item === undefined || item.deleted) sendError(response, 404, "itemNotFound");
      else response.writeHead(302, { location }).end();
    } else {
      sendError(response, 404, "itemNotFound");
    }
  }

  private sendDrives(skip: number, response: ServerResponse): void {
    const drives = [...this.site.drives.values()];
    const value = drives.slice(skip, skip + pageSize).map((drive) => ({
      id: drive.id,
      name: drive.name,
      driveType: "documentLibrary",
      webUrl: `${this.site.siteUrl}/${encodeURIComponent(drive.urlName)}`,
    }));
    const more = skip + pageSize < drives.length;
    const next = `${this.apiUrl}/sites/${siteId}/drives?$skiptoken=${skip + pageSize}`;
    sendJson(response, 200, { value, ...(more ? { "@odata.nextLink": next } : {}) });
  }

  private sendDelta(driveId: string, token: string | null, response: ServerResponse): void {
    const drive = this.site.driveById(driveId);
    if (drive === undefined) {
      sendError(response, 404, "itemNotFound");
      return;
    }
    const link = (value: string) => `${this.apiUrl}/drives/${driveId}/root/delta?token=${value}`;
    let cursor: string;
    let offset = 0;
    if (token === null || token.startsWith("since.")) {
      const since = token === null ? null : Number(token.slice("since.".length));
      if (since !== null && since < this.expiredBefore) {
        sendError(response, 410, "resyncRequired", {
          location: `${this.apiUrl}/drives/${driveId}/root/delta`,
        });
        return;
      }
      cursor = randomUUID();
      this.cursors.set(cursor, { items: this.deltaItems(drive, since), until: this.site.sequence });
    } else {
      [cursor, offset] = [token.split(".")[1] as string, Number(token.split(".")[2])];
    }
    const pages = this.cursors.get(cursor);
    if (pages === undefined) {
      sendError(response, 400, "invalidRequest");
      return;
    }
    const value = pages.items.slice(offset, offset + pageSize);
    const more = offset + pageSize < pages.items.length;
    sendJson(response, 200, {
      value,
      ...(more
        ? { "@odata.nextLink": link(`page.${cursor}.${offset + pageSize}`) }
        : { "@odata.deltaLink": link(`since.${pages.until}`) }),
    });
  }

  /** The whole drive (parents first), or what changed after `since`, tombstones included. */
  private deltaItems(drive: FakeDrive, since: number | null): object[] {
    const items = [...drive.items.values()]
      .filter((item) => (since === null ? !item.deleted : item.changedAt > since))
      .sort(
        (a, b) => this.site.pathOf(drive, a).split("/").length - this.site.pathOf(drive, b).split("/").length,
      );
    return items.map((item) => this.driveItem(drive, item));
  }

  private driveItem(drive: FakeDrive, item: FakeItem): object {
    const parentReference = {
      driveType: "documentLibrary",
      driveId: drive.id,
      id: item.parentId ?? undefined,
    };
    if (item.deleted)
      return {
        id: item.id,
        parentReference,
        deleted: { state: "deleted" },
        ...(item.folder ? { folder: {} } : { file: {} }),
      };
    return {
      id: item.id,
      name: item.name,
      eTag: `"{${item.guid}},${item.version}"`,
      lastModifiedDateTime: new Date(Date.UTC(2026, 0, 1, 0, 0, item.changedAt)).toISOString(),
      webUrl:
        item.parentId === null
          ? `${this.site.siteUrl}/${encodeURIComponent(drive.urlName)}`
          : this.site.webUrl(drive, item),
      size: item.content.length,
      parentReference,
      ...(item.parentId === null ? { root: {} } : {}),
      ...(item.folder ? { folder: { childCount: 0 } } : { file: { mimeType: "application/octet-stream" } }),
    };
  }

  private download(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", this.storageBase);
    this.downloads.push({ path: url.pathname, authorization: request.headers.authorization });
    const [, , driveId, itemId] = url.pathname.split("/");
    const item = this.site.driveById(driveId ?? "")?.items.get(itemId ?? "");
    if (item === undefined || item.deleted || url.searchParams.get("tempauth") === null) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/octet-stream" }).end(item.content);
  }
}

function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Entra ID's token endpoint for the client credentials grant: a token for the app, or its documented refusals. */
function issueToken(
  form: URLSearchParams,
  graph: Pick<FakeGraph, "tokens" | "tokenLifetimeSeconds">,
  response: ServerResponse,
): void {
  if (
    form.get("grant_type") !== "client_credentials" ||
    form.get("scope") !== "https://graph.microsoft.com/.default"
  ) {
    sendJson(response, 400, { error: "invalid_request", error_codes: [900144] });
  } else if (form.get("client_id") !== clientId) {
    sendJson(response, 400, {
      error: "unauthorized_client",
      error_description: "AADSTS700016: not found",
      error_codes: [700016],
    });
  } else if (form.get("client_secret") !== clientSecret) {
    sendJson(response, 401, {
      error: "invalid_client",
      error_description: "AADSTS7000215: Invalid client secret provided.",
      error_codes: [7000215],
    });
  } else {
    const token = `token-${randomUUID()}`;
    graph.tokens.add(token);
    sendJson(response, 200, {
      token_type: "Bearer",
      expires_in: graph.tokenLifetimeSeconds,
      ext_expires_in: graph.tokenLifetimeSeconds,
      access_token: token,
    });
  }
}
