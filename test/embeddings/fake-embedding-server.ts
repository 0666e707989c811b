import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer, readBody } from "../helpers/loopback-http.js";

/**
 * A loopback server speaking the two embedding wire formats: OpenAI's POST /v1/embeddings and Ollama's
 * POST /api/embed. Replies are scripted one per request (then "ok"); it records what arrived and how many
 * requests were in flight at once.
 */
export type ScriptedReply =
  | { kind: "ok"; delayMs?: number }
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: "malformed" }
  | { kind: "hang" }
  | { kind: "vectors"; vectors: unknown[] };

export interface RecordedRequest {
  path: string;
  inputs: string[];
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface FakeEmbeddingServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  maxInFlight: number;
  /** Requests whose connection is still open. */
  inFlight: number;
  script(...replies: ScriptedReply[]): void;
  /** Called as each request arrives, before the reply. */
  onRequest: ((request: RecordedRequest) => void) | undefined;
  close(): Promise<void>;
}

/** The vector the fake returns for a text: deterministic, distinct per text, exact in float32. */
export function fakeVectorFor(text: string): number[] {
  const codeSum = [...text].reduce((sum, character) => sum + (character.codePointAt(0) ?? 0), 0);
  return [text.length, codeSum % 1000, 0.5];
}

export async function startFakeEmbeddingServer(defaultDelayMs = 0): Promise<FakeEmbeddingServer> {
  const queue: ScriptedReply[] = [];
  const fake: FakeEmbeddingServer = {
    url: "",
    port: 0,
    requests: [],
    maxInFlight: 0,
    inFlight: 0,
    script: (...replies) => queue.push(...replies),
    onRequest: undefined,
    close: () => closeServer(server),
  };
  const server = createServer(async (request, response) => {
    fake.inFlight++;
    fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight);
    response.on("close", () => fake.inFlight--);
    const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
    const recorded = { path: request.url ?? "", inputs, authorization: request.headers.authorization, body };
    fake.requests.push(recorded);
    fake.onRequest?.(recorded);
    const reply = queue.shift() ?? { kind: "ok", delayMs: defaultDelayMs };
    await sendReply(response, recorded, reply);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  return fake;
}

async function sendReply(
  response: ServerResponse,
  request: RecordedRequest,
  reply: ScriptedReply,
): Promise<void> {
  if (reply.kind === "hang") return;
  if (reply.kind === "malformed") return sendJson(response, 200, '{"data": [{"embedding": [0.1, ');
  if (reply.kind === "status") {
    const body = reply.body ?? { error: { message: `status ${reply.status}`, type: "test", code: null } };
    return sendJson(response, reply.status, JSON.stringify(body), reply.headers);
  }
  if (reply.kind === "ok" && reply.delayMs)
    await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  const vectors = reply.kind === "vectors" ? reply.vectors : request.inputs.map(fakeVectorFor);
  sendJson(response, 200, JSON.stringify(formatVectors(request, vectors)));
}

function formatVectors(request: RecordedRequest, vectors: unknown[]): object {
  const model = request.body.model;
  if (request.path === "/api/embed")
    return { model, embeddings: vectors, total_duration: 1, prompt_eval_count: 1 };
  const base64 = request.body.encoding_format === "base64";
  const data = vectors.map((vector, index) => ({
    object: "embedding",
    index,
    embedding: base64 ? Buffer.from(new Float32Array(vector as number[]).buffer).toString("base64") : vector,
  }));
  return { object: "list", data, model, usage: { prompt_tokens: 1, total_tokens: 1 } };
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(body);
}

/** A loopback port with nothing listening on it: connecting there is refused. */
export async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await closeServer(server);
  return port;
}
