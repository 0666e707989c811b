import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isDocentError } from "../../../src/errors.js";
import { httpFailure, readJsonBody } from "../../../src/sources/http/http-failure.js";
import { parseRetryAfter } from "../../../src/sources/http/retry-delay.js";
import { createSourceFetch, type SourceFetchOptions } from "../../../src/sources/http/source-fetch.js";
import { failureOf } from "../../helpers/failure-of.js";

type Handler = (request: IncomingMessage, response: ServerResponse, count: number) => void;

const servers: Array<{ close(): void; closeAllConnections(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(handler: Handler): Promise<{ url: string; requests: () => number }> {
  let count = 0;
  const server = createServer((request, response) => {
    count += 1;
    handler(request, response, count);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/pages?cursor=secret`,
    requests: () => count,
  };
}

const options: SourceFetchOptions = {
  source: "wiki",
  timeoutMs: 1_000,
  attempts: 3,
  inFlight: 2,
  maxWaitMs: 5_000,
};

describe("the fetch every document source uses", () => {
  it("waits the Retry-After a 429 asks for, then gets the page", async () => {
    const server = await serve((_request, response, count) => {
      if (count === 1) response.writeHead(429, { "retry-after": "1" }).end("slow down");
      else response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    const started = Date.now();
    const response = await createSourceFetch(options)(server.url);
    expect(response.status).toBe(200);
    expect(await readJsonBody(response, "wiki", "the pages")).toEqual({ ok: true });
    expect(server.requests()).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("tries a 503 again and returns the last answer when every try fails", async () => {
    const server = await serve((_request, response) => response.writeHead(503).end());
    const response = await createSourceFetch({ ...options, attempts: 2 })(server.url);
    expect(response.status).toBe(503);
    expect(server.requests()).toBe(2);
    const error = httpFailure(response, {
      source: "wiki",
      what: "the pages",
      credentials: "x",
      permission: "y",
    });
    expect(error.message).toBe(
      `The wiki source could not read the pages: ${server.url.split("?")[0]} answered HTTP 503`,
    );
  });

  it("refuses to wait longer than its limit for a Retry-After", async () => {
    const server = await serve((_request, response) =>
      response.writeHead(429, { "retry-after": "3600" }).end(),
    );
    const error = await failureOf(createSourceFetch(options)(server.url));
    expect(isDocentError(error, "SOURCE_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toMatch(/asks to wait 3600 s .* longer than the 5 s docent waits/);
    expect(server.requests()).toBe(1);
  });

  it("gives up on a server that stops answering, in one sentence without the query string", async () => {
    const server = await serve(() => undefined);
    const error = await failureOf(createSourceFetch({ ...options, timeoutMs: 200, attempts: 2 })(server.url));
    expect(isDocentError(error, "SOURCE_UNAVAILABLE")).toBe(true);
    expect((error as Error).message).toBe(
      `The wiki source: ${server.url.split("?")[0]} did not answer within 0.2 s (2 tries)`,
    );
    expect((error as Error).message).not.toContain("secret");
    expect(server.requests()).toBe(2);
  });

  it("names the refused credential and the missing permission, and does not retry them", async () => {
    const server = await serve((_request, response, count) =>
      response.writeHead(count === 1 ? 401 : 403).end(),
    );
    const hints = {
      source: "wiki",
      what: "space HR",
      credentials: "the token in CONFLUENCE_TOKEN",
      permission: "read access to space HR",
    };
    const source = createSourceFetch(options);
    expect(httpFailure(await source(server.url), hints).message).toBe(
      "The wiki source was refused (HTTP 401) reading space HR: check the token in CONFLUENCE_TOKEN",
    );
    expect(httpFailure(await source(server.url), hints).message).toBe(
      "The wiki source may not read space HR (HTTP 403): grant read access to space HR",
    );
    expect(server.requests()).toBe(2);
  });

  it("keeps at most its limit of requests in flight, and stops them all when the run is cancelled", async () => {
    let inFlight = 0;
    let most = 0;
    const held: ServerResponse[] = [];
    const server = await serve((_request, response) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      held.push(response);
      response.on("close", () => {
        inFlight -= 1;
      });
    });
    const run = new AbortController();
    const limited = createSourceFetch({ ...options, timeoutMs: 10_000, signal: run.signal });
    const requests = Array.from({ length: 5 }, () => failureOf(limited(server.url)));
    while (server.requests() < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    run.abort();
    const errors = await Promise.all(requests);
    expect(errors.every((error) => isDocentError(error, "CANCELLED"))).toBe(true);
    expect(most).toBe(2);
    expect(server.requests()).toBe(2);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it("says so when a reply is not JSON", async () => {
    const server = await serve((_request, response) => response.writeHead(200).end("<html>login</html>"));
    const error = await failureOf(
      readJsonBody(await createSourceFetch(options)(server.url), "wiki", "the pages"),
    );
    expect((error as Error).message).toBe(
      `The wiki source could not read the pages: ${server.url.split("?")[0]} sent a reply that is not JSON`,
    );
  });
});
