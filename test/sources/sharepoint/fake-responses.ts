import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";

/** Answers as Graph and Entra ID do: JSON bodies; Graph's errors as {error: {code, message, innerError}}. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

export function sendError(
  response: ServerResponse,
  status: number,
  code: string,
  headers: Record<string, string> = {},
): void {
  const innerError = {
    date: new Date().toISOString(),
    "request-id": randomUUID(),
    "client-request-id": randomUUID(),
  };
  sendJson(response, status, { error: { code, message: `${code} (fake Graph)`, innerError } }, headers);
}
