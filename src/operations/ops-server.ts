import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { DocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { ReadinessReport } from "./readiness.js";

export interface OpsServerOptions {
  /** DOCENT_OPS_PORT; 0 takes any free port. */
  port: number;
  host: string;
  registry: Registry;
  readiness(): Promise<ReadinessReport>;
  logger: Logger;
}

export interface RunningOpsServer {
  /** The port it listens on (the chosen one when asked for 0). */
  port: number;
  stop(): Promise<void>;
}

/**
 * The operations listener (node:http): GET /healthz (200 while the process serves), GET /readyz (200 or 503 with
 * each check as JSON) and GET /metrics (Prometheus text format). Nothing else; no request body is read.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<RunningOpsServer> {
  const server = createServer((request, response) => {
    route(request, response, options).catch((error: unknown) => {
      options.logger.error({ err: error, path: request.url }, "ops request failed");
      if (!response.headersSent) send(response, 500, "text/plain; charset=utf-8", "internal error\n");
      else response.destroy();
    });
  });
  await listen(server, options.port, options.host);
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(request: IncomingMessage, response: ServerResponse, options: OpsServerOptions) {
  const path = new URL(request.url ?? "/", "http://ops").pathname;
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("allow", "GET, HEAD");
    send(response, 405, "text/plain; charset=utf-8", "method not allowed\n");
  } else if (path === "/healthz") {
    send(response, 200, "application/json", `${JSON.stringify({ ok: true })}\n`);
  } else if (path === "/readyz") {
    const report = await options.readiness();
    send(response, report.ready ? 200 : 503, "application/json", `${JSON.stringify(report)}\n`);
  } else if (path === "/metrics") {
    send(response, 200, options.registry.contentType, await options.registry.metrics());
  } else {
    send(response, 404, "text/plain; charset=utf-8", "not found: try /healthz, /readyz or /metrics\n");
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  response.end(body);
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EADDRINUSE"
          ? `port ${port} on ${host} is already in use`
          : `cannot listen on ${host}:${port} (${error.code ?? error.message})`;
      reject(
        new DocentError(
          "CONFIG_INVALID",
          `The ops listener could not start: ${reason}. Set DOCENT_OPS_PORT to a free port (0: any free port), ` +
            "or DOCENT_OPS_PORT=off to run without /healthz, /readyz and /metrics.",
          { cause: error },
        ),
      );
    });
    server.listen(port, host, () => resolve());
  });
}
