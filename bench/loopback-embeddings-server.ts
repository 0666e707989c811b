import { fork } from "node:child_process";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

/**
 * A loopback embeddings server for the ingest bench, a stand-in for Ollama or TEI: OpenAI's POST /v1/embeddings
 * wire format, deterministic unit vectors (a PRNG seeded by each text's hash), and a fixed cost of `delayMs` per
 * started group of `groupSize` inputs, one request at a time (one model instance: two requests in flight take
 * twice as long, and a request of 2,048 inputs costs 32 groups). It runs in a child process, so that its JSON work
 * does not share the ingest's event loop. Usage: startLoopbackEmbeddingsServer({ delayMs: 50 }).
 */
export interface LoopbackEmbeddingsServer {
  url: string;
  /** Requests and inputs served so far. */
  stats(): Promise<{ requests: number; inputs: number }>;
  close(): Promise<void>;
}

export interface LoopbackSettings {
  delayMs: number;
  groupSize?: number;
  dimensions?: number;
}

export async function startLoopbackEmbeddingsServer(
  settings: LoopbackSettings,
): Promise<LoopbackEmbeddingsServer> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", JSON.stringify(settings)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`the loopback embeddings server stopped (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}/v1`,
    stats: () =>
      new Promise((resolve) => {
        child.once("message", (message) => resolve(message as { requests: number; inputs: number }));
        child.send("stats");
      }),
    close: async () => {
      child.kill();
    },
  };
}

function vectorFor(text: string, dimensions: number): number[] {
  let state = 0x811c9dc5;
  for (let index = 0; index < text.length; index++)
    state = Math.imul(state ^ text.charCodeAt(index), 0x01000193);
  const vector: number[] = [];
  let squares = 0;
  for (let index = 0; index < dimensions; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const value = ((state >>> 0) / 0xffffffff) * 2 - 1;
    vector.push(value);
    squares += value * value;
  }
  const scale = 1 / Math.sqrt(squares || 1);
  return vector.map((value) => value * scale);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

function serve(settings: LoopbackSettings): void {
  const { delayMs, groupSize = 64, dimensions = 384 } = settings;
  let busyUntil = 0;
  let requests = 0;
  let inputs = 0;
  const server = createServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as { input: string[] | string; model: string };
    const texts = Array.isArray(body.input) ? body.input : [body.input];
    requests++;
    inputs += texts.length;
    // One request at a time: this one starts when the one before it is done.
    const cost = Math.ceil(texts.length / groupSize) * delayMs;
    const startsAt = Math.max(Date.now(), busyUntil);
    busyUntil = startsAt + cost;
    await new Promise((resolve) => setTimeout(resolve, busyUntil - Date.now()));
    const data = texts.map((text, index) => ({
      object: "embedding",
      index,
      embedding: vectorFor(text, dimensions),
    }));
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        object: "list",
        data,
        model: body.model,
        usage: { prompt_tokens: 0, total_tokens: 0 },
      }),
    );
  });
  server.listen(0, "127.0.0.1", () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  process.on("message", () => process.send?.({ requests, inputs }));
}

const serveFlag = process.argv.indexOf("--serve");
if (serveFlag !== -1) serve(JSON.parse(process.argv[serveFlag + 1] ?? "{}") as LoopbackSettings);
