/**
 * Worker for bench/slack-load.ts with the real chat core: an OpenAI-compatible chat server on loopback that streams
 * every answer in three deltas over `engineMs` and counts how many answers it streams at once (the engine limit the
 * core must keep). On its own thread, like the fake Slack Web API, so that only the bot runs on the main thread.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { readBody } from "../test/helpers/loopback-http.js";

export interface EngineStats {
  served: number;
  running: number;
  maxRunning: number;
}

const port = parentPort;
if (port === null) throw new Error("slack-load-engine.ts runs as a worker thread");
const { engineMs } = workerData as { engineMs: number };
const deltas = ["There are **11** paid ", "holidays in 2026 ", "[1]."];
const stats: EngineStats = { served: 0, running: 0, maxRunning: 0 };
const chunk = (delta: object, finish: string | null) =>
  `data: ${JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: "bench-model",
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;

const server = createServer(async (request, response) => {
  if (request.method === "GET") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ data: [{ id: "bench-model" }] }));
    return;
  }
  await readBody(request);
  stats.served++;
  stats.running++;
  stats.maxRunning = Math.max(stats.maxRunning, stats.running);
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  response.write(chunk({ role: "assistant", content: "" }, null));
  for (const delta of deltas) {
    await new Promise((resolve) => setTimeout(resolve, engineMs / deltas.length));
    response.write(chunk({ content: delta }, null));
  }
  stats.running--;
  response.end(`${chunk({}, "stop")}data: [DONE]\n\n`);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
port.on("message", (message: "stats" | "stop") => {
  if (message === "stats") port.postMessage({ ...stats });
  else server.close(() => port.close());
});
port.postMessage({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
