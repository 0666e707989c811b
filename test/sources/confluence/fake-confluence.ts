import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer } from "../../helpers/loopback-http.js";

/** The account the fake accepts (HTTP basic: the e-mail address and an API token, as Atlassian Cloud takes them). */
export const fakeUser = "docent-bot@example.com";
export const fakeToken = "ATATT3xFfGF0-fake-token";

export interface FakePage {
  id: string;
  spaceKey: string;
  title: string;
  version: number;
  /** The body in storage format. */
  storage: string;
}

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
}

/**
 * Lets a test answer a request itself (a 429, a server that stops answering, a body that is not JSON): return true
 * when it did. Called for every request before the fake answers.
 */
export type Interception = (request: RecordedRequest, response: ServerResponse) => boolean;

const apiPrefix = "/wiki/api/v2";

/**
 * A loopback Confluence Cloud speaking the REST API v2 as documented: HTTP basic auth checked on every request,
 * GET /spaces?keys=..., GET /spaces/{id}/pages and GET /pages/{id} with body-format, cursor pagination (limit 1-250,
 * an opaque cursor, the next batch in the Link header and in _links.next, relative to the site), errors as
 * {"errors":[{status, code, title, detail}]}. Pages and spaces live in maps the test changes between syncs.
 */
export async function startFakeConfluence(options: { latencyMs?: number } = {}) {
  const spaces = new Map<string, { id: string; key: string; name: string }>();
  const pages = new Map<string, FakePage>();
  const requests: RecordedRequest[] = [];
  const state = { intercept: null as Interception | null, latencyMs: options.latencyMs ?? 0, lastId: 65_000 };
  const newId = () => {
    state.lastId += 1;
    return String(state.lastId);
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://fake");
    const recorded = { path: url.pathname, query: url.searchParams };
    requests.push(recorded);
    const answer = () => {
      if (state.intercept?.(recorded, response)) return;
      handle(request, response, recorded, { spaces, pages });
    };
    if (state.latencyMs > 0) setTimeout(answer, state.latencyMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** The wiki base, as api_url takes it. */
    url: `${origin}/wiki`,
    spaces,
    pages,
    requests,
    state,
    addSpace(key: string): string {
      const id = newId();
      spaces.set(key, { id, key, name: `${key} space` });
      return id;
    },
    putPage(page: Omit<FakePage, "version" | "id"> & { id?: string; version?: number }): FakePage {
      const stored = { ...page, id: page.id ?? newId(), version: page.version ?? 1 };
      pages.set(stored.id, stored);
      return stored;
    },
    /** A new version of a page, as an edit in Confluence makes. */
    editPage(id: string, storage: string): void {
      const page = pages.get(id) as FakePage;
      pages.set(id, { ...page, storage, version: page.version + 1 });
    },
    pageReads(): string[] {
      return requests.flatMap((request) => {
        const match = /^\/wiki\/api\/v2\/pages\/([^/]+)$/.exec(request.path);
        return match ? [decodeURIComponent(match[1] as string)] : [];
      });
    },
    close: () => closeServer(server),
  };
}

type Store = { spaces: Map<string, { id: string; key: string; name: string }>; pages: Map<string, FakePage> };

function handle(request: IncomingMessage, response: ServerResponse, recorded: RecordedRequest, store: Store) {
  const expected = `Basic ${Buffer.from(`${fakeUser}:${fakeToken}`).toString("base64")}`;
  if (request.headers.authorization !== expected)
    return sendError(response, 401, "UNAUTHORIZED", "Unauthorized");
  if (request.method !== "GET") return sendError(response, 405, "METHOD_NOT_ALLOWED", "Method Not Allowed");
  const { path, query } = recorded;
  if (path === `${apiPrefix}/spaces`) {
    const keys = query.getAll("keys").flatMap((value) => value.split(","));
    const found = [...store.spaces.values()].filter((space) => keys.length === 0 || keys.includes(space.key));
    return sendBatch(response, recorded, found.map(spaceJson));
  }
  const spacePages = new RegExp(`^${apiPrefix}/spaces/([^/]+)/pages$`).exec(path);
  if (spacePages) {
    const space = [...store.spaces.values()].find((candidate) => candidate.id === spacePages[1]);
    if (space === undefined) return sendError(response, 404, "NOT_FOUND", "Not Found");
    const inSpace = [...store.pages.values()].filter((page) => page.spaceKey === space.key);
    const bodyFormat = query.get("body-format");
    return sendBatch(
      response,
      recorded,
      inSpace.map((page) => pageJson(page, store, bodyFormat)),
    );
  }
  const onePage = new RegExp(`^${apiPrefix}/pages/([^/]+)$`).exec(path);
  const page = onePage ? store.pages.get(decodeURIComponent(onePage[1] as string)) : undefined;
  if (page === undefined) return sendError(response, 404, "NOT_FOUND", "Not Found");
  return sendJson(response, 200, pageJson(page, store, query.get("body-format")));
}

/** One batch of results (limit default 25, at most 250) from the cursor on, linking to the next. */
function sendBatch(response: ServerResponse, recorded: RecordedRequest, all: Array<{ id: string }>) {
  const sorted = all.sort((a, b) => Number(a.id) - Number(b.id));
  const limit = Math.min(250, Math.max(1, Number(recorded.query.get("limit") ?? 25) || 25));
  const cursor = recorded.query.get("cursor");
  const start = cursor === null ? 0 : Number(JSON.parse(Buffer.from(cursor, "base64url").toString()).after);
  const results = sorted.slice(start, start + limit);
  const links: Record<string, string> = { base: "https://fake.atlassian.net/wiki" };
  const headers: Record<string, string> = {};
  if (start + limit < sorted.length) {
    const next = new URLSearchParams(recorded.query);
    next.set("cursor", Buffer.from(JSON.stringify({ after: start + limit })).toString("base64url"));
    links.next = `${recorded.path}?${next}`;
    headers.link = `<${links.next}>; rel="next"`;
  }
  return sendJson(response, 200, { results, _links: links }, headers);
}

function spaceJson(space: { id: string; key: string; name: string }) {
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    type: "global",
    status: "current",
    homepageId: "1",
    _links: { webui: `/spaces/${space.key}` },
  };
}

function pageJson(page: FakePage, store: Store, bodyFormat: string | null) {
  const space = store.spaces.get(page.spaceKey);
  const slug = encodeURIComponent(page.title).replace(/%20/g, "+");
  return {
    id: page.id,
    status: "current",
    title: page.title,
    spaceId: space?.id ?? "0",
    parentId: null,
    parentType: null,
    authorId: "557058:fake-author",
    createdAt: "2026-01-05T09:00:00.000Z",
    version: { createdAt: "2026-02-01T10:00:00.000Z", message: "", number: page.version, minorEdit: false },
    ...(bodyFormat === "storage"
      ? { body: { storage: { representation: "storage", value: page.storage } } }
      : {}),
    _links: {
      webui: `/spaces/${page.spaceKey}/pages/${page.id}/${slug}`,
      editui: `/pages/resumedraft.action?draftId=${page.id}`,
      tinyui: `/x/${page.id}`,
    },
  };
}

function sendError(response: ServerResponse, status: number, code: string, title: string) {
  sendJson(response, status, { errors: [{ status, code, title, detail: null }] });
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { "content-type": "application/json;charset=UTF-8", ...headers });
  response.end(JSON.stringify(body));
}
