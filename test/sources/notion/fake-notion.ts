import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer, readBody } from "../../helpers/loopback-http.js";
import {
  type BlockSpec,
  blockObject,
  dataSourceObject,
  notionError,
  type PageSpec,
  pageObject,
} from "./notion-objects.js";

/** What a test can make the server do with one request instead of answering it. */
export type Interception =
  | { status: number; headers?: Record<string, string>; body: string }
  | "hang"
  | undefined;

export interface FakeNotionOptions {
  token: string;
  /** The most results one reply holds, whatever page_size asks (Notion's is 100): small, to make tests paginate. */
  pageSize?: number;
}

/**
 * A loopback Notion speaking the REST API as documented: bearer auth (401 "unauthorized"), the Notion-Version header
 * (400 "missing_version"), POST /v1/search sorted as asked, GET /v1/blocks/{id}/children, GET /v1/pages/{id} and
 * POST /v1/data_sources/{id}/query,
 * cursor pagination (start_cursor, has_more, next_cursor), and error bodies {object: "error", status, code, message}.
 * Its workspace is plain data a test edits between syncs; `intercept` turns a request into a failure.
 */
export async function startFakeNotion(options: FakeNotionOptions) {
  const pages = new Map<string, PageSpec & { shared: boolean }>();
  const dataSources = new Map<string, ReturnType<typeof dataSourceObject>>();
  const children = new Map<string, unknown[]>();
  const requests: string[] = [];
  const notYetIndexed = new Set<string>();
  const hanging: ServerResponse[] = [];
  const state = {
    token: options.token,
    intercept: (_request: string, _count: number): Interception => undefined,
  };

  let blockCount = 0;
  function setBlocks(parentId: string, specs: readonly BlockSpec[], parentType = "page"): void {
    const blocks = specs.map((spec) => {
      blockCount += 1;
      const id = `b10c0000-0000-4000-8000-${blockCount.toString(16).padStart(12, "0")}`;
      if (spec.children !== undefined) setBlocks(id, spec.children, "block");
      return blockObject(spec, id, { type: parentType, id: parentId });
    });
    children.set(parentId, blocks);
  }

  const workspace = {
    requests,
    /** Adds or replaces a page (shared with the integration unless said otherwise) and its blocks. */
    putPage(spec: PageSpec, blocks: BlockSpec[] = [], shared = true) {
      pages.set(spec.id, { ...spec, shared });
      setBlocks(spec.id, blocks);
    },
    editPage(id: string, lastEdited: string, blocks?: BlockSpec[], change: Partial<PageSpec> = {}) {
      const page = pages.get(id);
      if (page === undefined) throw new Error(`no page ${id}`);
      pages.set(id, { ...page, ...change, lastEdited });
      if (blocks !== undefined) setBlocks(id, blocks);
    },
    unshare(id: string) {
      const page = pages.get(id);
      if (page !== undefined) page.shared = false;
    },
    putDataSource(spec: Parameters<typeof dataSourceObject>[0]) {
      dataSources.set(spec.id, dataSourceObject(spec));
    },
    /** Notion's search index lags behind: the search does not find this page yet (its database's query does). */
    leaveOutOfSearch(id: string) {
      notYetIndexed.add(id);
    },
    /** The ids of the blocks of one type, wherever they are. */
    blockIds(type: string): string[] {
      return [...children.values()]
        .flat()
        .filter((item) => (item as { type: string }).type === type)
        .map((item) => (item as { id: string }).id);
    },
    /** The integration's token is revoked (or replaced): the old one is refused from now on. */
    revokeToken() {
      state.token = "secret_replacement_token";
    },
    intercept(handler: (request: string, count: number) => Interception) {
      state.intercept = handler;
    },
  };

  function searchResults(body: Record<string, unknown>): unknown[] {
    const found = [
      ...[...pages.values()].filter((page) => page.shared && !notYetIndexed.has(page.id)).map(pageObject),
      ...dataSources.values(),
    ];
    const sort = body.sort as { timestamp?: string; direction?: string } | undefined;
    const sign = sort?.direction === "descending" ? -1 : 1;
    return found.sort(
      (a, b) => sign * a.last_edited_time.localeCompare(b.last_edited_time) || a.id.localeCompare(b.id),
    );
  }

  function paginate(all: unknown[], cursor: unknown, asked: unknown, type: string) {
    const size = Math.min(typeof asked === "number" ? asked : 100, options.pageSize ?? 100);
    const start =
      typeof cursor === "string" ? all.findIndex((item) => (item as { id: string }).id === cursor) : 0;
    if (start < 0) return null;
    const results = all.slice(start, start + size);
    const next = all[start + size] as { id: string } | undefined;
    return {
      object: "list",
      results,
      next_cursor: next?.id ?? null,
      has_more: next !== undefined,
      type,
      [type]: {},
    };
  }

  async function route(request: IncomingMessage, url: URL): Promise<[number, unknown]> {
    if (request.headers.authorization !== `Bearer ${state.token}`) {
      return [401, notionError(401, "unauthorized", "API token is invalid.")];
    }
    if (typeof request.headers["notion-version"] !== "string") {
      return [400, notionError(400, "missing_version", "Notion-Version header failed validation.")];
    }
    const blocksPath = /^\/v1\/blocks\/([^/]+)\/children$/.exec(url.pathname);
    const pagePath = /^\/v1\/pages\/([^/]+)$/.exec(url.pathname);
    if (request.method === "POST" && url.pathname === "/v1/search") {
      const body = JSON.parse((await readBody(request)) || "{}") as Record<string, unknown>;
      const list = paginate(searchResults(body), body.start_cursor, body.page_size, "page_or_data_source");
      return list === null
        ? [400, notionError(400, "validation_error", "Invalid start_cursor.")]
        : [200, list];
    }
    if (request.method === "GET" && blocksPath?.[1] !== undefined) {
      const id = blocksPath[1];
      const page = pages.get(id);
      const blocks = children.get(id);
      if (blocks === undefined || (page !== undefined && !page.shared)) {
        return [404, notionError(404, "object_not_found", `Could not find block with ID: ${id}.`)];
      }
      const list = paginate(
        blocks,
        url.searchParams.get("start_cursor") ?? undefined,
        Number(url.searchParams.get("page_size") ?? 100),
        "block",
      );
      return list === null
        ? [400, notionError(400, "validation_error", "Invalid start_cursor.")]
        : [200, list];
    }
    const queryPath = /^\/v1\/data_sources\/([^/]+)\/query$/.exec(url.pathname);
    if (request.method === "POST" && queryPath?.[1] !== undefined) {
      const id = queryPath[1];
      if (!dataSources.has(id)) {
        return [404, notionError(404, "object_not_found", `Could not find data_source with ID: ${id}.`)];
      }
      const body = JSON.parse((await readBody(request)) || "{}") as Record<string, unknown>;
      const entries = [...pages.values()]
        .filter((page) => page.shared && !page.inTrash && page.dataSource?.id === id)
        .map(pageObject);
      const list = paginate(entries, body.start_cursor, body.page_size, "page_or_data_source");
      return list === null
        ? [400, notionError(400, "validation_error", "Invalid start_cursor.")]
        : [200, list];
    }
    if (request.method === "GET" && pagePath?.[1] !== undefined) {
      const page = pages.get(pagePath[1]);
      if (page === undefined || !page.shared) {
        return [404, notionError(404, "object_not_found", `Could not find page with ID: ${pagePath[1]}.`)];
      }
      return [200, pageObject(page)];
    }
    return [400, notionError(400, "invalid_request_url", "Invalid request URL.")];
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const name = `${request.method} ${url.pathname}`;
    requests.push(name);
    const interception = state.intercept(name, requests.length);
    if (interception === "hang") {
      hanging.push(response);
      return;
    }
    if (interception !== undefined) {
      response.writeHead(interception.status, {
        "content-type": "application/json",
        ...interception.headers,
      });
      response.end(interception.body);
      return;
    }
    route(request, url).then(
      ([status, body]) =>
        response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body)),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    ...workspace,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const response of hanging) response.destroy();
      await closeServer(server);
    },
  };
}

export type FakeNotion = Awaited<ReturnType<typeof startFakeNotion>>;
