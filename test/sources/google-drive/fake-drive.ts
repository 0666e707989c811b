import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer, readBody } from "../../helpers/loopback-http.js";
import { type FieldTree, parseFields, pick } from "./fake-drive-fields.js";
import { makeServiceAccount, refusalOf } from "./fake-drive-token.js";

export const folderType = "application/vnd.google-apps.folder";
export const docType = "application/vnd.google-apps.document";
export const sheetType = "application/vnd.google-apps.spreadsheet";

export interface FakeFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  content: string | Buffer;
  modifiedTime: string;
  trashed: boolean;
  /** The shared drive it is on (a shared drive's root folder has the drive's id). */
  driveId?: string;
}

/** One request as the fake saw it: "GET /drive/v3/files", its query, and the token it carried. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
}

/** What a test makes the next matching request meet instead of the normal reply. */
export type Fault = (request: SeenRequest, response: ServerResponse) => boolean;

/**
 * A Drive API v3 server on 127.0.0.1, as documented: the JWT bearer token exchange, files.get, files.list with
 * `'<id>' in parents and trashed = false`, page tokens and partial responses, files.export, alt=media downloads,
 * changes.getStartPageToken and changes.list; errors in Google's JSON error format. Files change through edit, add,
 * trash and move, each recorded in the change feed.
 */
export async function startFakeDrive(options: { pageSize?: number } = {}) {
  const files = new Map<string, FakeFile>();
  const changes: string[] = [];
  const hidden = new Set<string>();
  const faults: Fault[] = [];
  const seen: SeenRequest[] = [];
  const tokens = new Set<string>();
  let clock = Date.parse("2026-12-01T09:00:00.000Z");
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const account = makeServiceAccount(`${url}token`);
  const pageSize = options.pageSize ?? 1000;
  const tick = () => {
    clock += 60_000;
    return new Date(clock).toISOString();
  };
  const touched = (id: string) => changes.push(id);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const address = new URL(request.url ?? "/", url);
    const seenRequest = {
      method: request.method ?? "GET",
      path: address.pathname,
      query: address.searchParams,
    };
    seen.push(seenRequest);
    const fault = faults.findIndex((candidate) => candidate(seenRequest, response));
    if (fault >= 0) {
      faults.splice(fault, 1);
      return;
    }
    if (address.pathname === "/token" && request.method === "POST") return token(request, response);
    const bearer = (request.headers.authorization ?? "").replace(/^Bearer /, "");
    if (!tokens.has(bearer)) return sendError(response, 401, "authError", "Invalid Credentials");
    const path = address.pathname.replace(/^\/drive\/v3\//, "");
    const query = address.searchParams;
    if (path === "files") return send(response, 200, listFiles(query));
    if (path === "changes/startPageToken") {
      return send(response, 200, {
        kind: "drive#startPageToken",
        startPageToken: String(changes.length + 1),
      });
    }
    if (path === "changes") return send(response, 200, listChanges(query));
    const [, id, action] = /^files\/([^/]+)(?:\/(export))?$/.exec(path) ?? [];
    const file = id === undefined || hidden.has(id) ? undefined : files.get(id);
    if (file === undefined) return sendError(response, 404, "notFound", `File not found: ${id}.`);
    if (action === "export") return exportFile(file, query, response);
    if (query.get("alt") === "media") return download(file, response);
    return send(
      response,
      200,
      pick(resource(file), parseFields(query.get("fields") ?? "kind,id,name,mimeType")),
    );
  }

  async function token(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refusal = refusalOf(new URLSearchParams(await readBody(request)), account);
    if (refusal !== undefined) {
      return send(response, 400, { error: refusal, error_description: "Invalid JWT Signature." });
    }
    const issued = `ya29.fake-${tokens.size + 1}`;
    tokens.add(issued);
    send(response, 200, { access_token: issued, expires_in: 3599, token_type: "Bearer" });
  }

  function listFiles(query: URLSearchParams) {
    const [, parent] = /^'([^']+)' in parents and trashed = false$/.exec(query.get("q") ?? "") ?? [];
    const all = [...files.values()].filter(
      (file) => parent !== undefined && file.parents.includes(parent) && !file.trashed && !hidden.has(parent),
    );
    const start = Number(query.get("pageToken") ?? "0");
    const size = Math.min(pageSize, Number(query.get("pageSize") ?? "100"));
    const page = all.slice(start, start + size);
    const next = start + size < all.length ? { nextPageToken: String(start + size) } : {};
    const fields = parseFields(query.get("fields") ?? "kind,incompleteSearch,files(kind,id,name,mimeType)");
    return pick(
      { kind: "drive#fileList", incompleteSearch: false, ...next, files: page.map(resource) },
      fields as FieldTree,
    );
  }

  function listChanges(query: URLSearchParams) {
    const start = Number(query.get("pageToken"));
    const size = Math.min(pageSize, Number(query.get("pageSize") ?? "100"));
    const ids = changes.slice(start - 1, start - 1 + size);
    const end = start + ids.length;
    const more = end <= changes.length;
    const list = ids.map((fileId) => {
      const file = files.get(fileId);
      return file === undefined
        ? { kind: "drive#change", changeType: "file", fileId, removed: true }
        : { kind: "drive#change", changeType: "file", fileId, removed: false, file: resource(file) };
    });
    const token = more ? { nextPageToken: String(end) } : { newStartPageToken: String(end) };
    return pick(
      { kind: "drive#changeList", ...token, changes: list },
      parseFields(query.get("fields") ?? "kind,nextPageToken,newStartPageToken,changes(kind,fileId,removed)"),
    );
  }

  function exportFile(file: FakeFile, query: URLSearchParams, response: ServerResponse): void {
    const formats: Record<string, string[]> = { [docType]: ["text/html"], [sheetType]: ["text/csv"] };
    const type = query.get("mimeType") ?? "";
    if ((formats[file.mimeType] ?? []).includes(type)) {
      response.writeHead(200, { "content-type": type }).end(file.content);
    } else sendError(response, 400, "badRequest", "The requested conversion is not supported.");
  }

  function download(file: FakeFile, response: ServerResponse): void {
    if (file.mimeType.startsWith("application/vnd.google-apps.")) {
      sendError(response, 403, "fileNotDownloadable", "Only files with binary content can be downloaded.");
    } else response.writeHead(200, { "content-type": file.mimeType }).end(file.content);
  }

  const resource = (file: FakeFile) => ({
    kind: "drive#file",
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    parents: file.parents,
    modifiedTime: file.modifiedTime,
    trashed: file.trashed,
    ...(file.driveId === undefined ? {} : { driveId: file.driveId }),
    webViewLink: `https://docs.example.test/${file.mimeType === folderType ? "folders" : "file/d"}/${file.id}/view`,
  });

  return {
    url,
    keyFile: account.keyFile,
    email: account.email,
    seen,
    faults,
    /** Requests to the Drive API (not the token endpoint), as "GET files", "GET files/ID/export"... */
    calls: () =>
      seen.filter((s) => s.path.startsWith("/drive/v3/")).map((s) => `${s.method} ${s.path.slice(10)}`),
    add(file: Omit<FakeFile, "modifiedTime" | "trashed">) {
      files.set(file.id, { ...file, modifiedTime: tick(), trashed: false });
      touched(file.id);
    },
    edit(id: string, content: string | Buffer) {
      const file = files.get(id) as FakeFile;
      Object.assign(file, { content, modifiedTime: tick() });
      touched(id);
    },
    trash(id: string) {
      Object.assign(files.get(id) as FakeFile, { trashed: true, modifiedTime: tick() });
      touched(id);
    },
    move(id: string, parents: string[]) {
      Object.assign(files.get(id) as FakeFile, { parents });
      touched(id);
    },
    /** A file the service account cannot see (not shared with it): 404, and an empty list of its children. */
    hide(id: string) {
      hidden.add(id);
    },
    close: () => closeServer(server),
  };
}

export type FakeDrive = Awaited<ReturnType<typeof startFakeDrive>>;

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(body));
}

/** Google's JSON error format: {"error": {"code", "message", "errors": [{"domain", "reason", "message"}], "status"}}. */
export function sendError(response: ServerResponse, code: number, reason: string, message: string): void {
  send(response, code, {
    error: { code, message, errors: [{ domain: "global", reason, message }] },
  });
}
