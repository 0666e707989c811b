/**
 * The worker threads of bench/slack-load.ts: the fake Slack Web API (slack-load-fake.ts), the sender of a burst
 * (slack-load-sender.ts) and, with the real chat core, the fake engine (slack-load-engine.ts). Each runs on its own
 * event loop so that only the bot's own work runs on the main thread.
 */
import { Worker } from "node:worker_threads";
import { signRequest } from "../test/adapters/slack/signed-requests.js";
import type { EngineStats } from "./slack-load-engine.js";
import type { FakeAnswer, FakeQuery, FakeRequest } from "./slack-load-fake.js";
import type { SenderInput, SenderResult } from "./slack-load-sender.js";

/** A worker thread running one of the bench's TypeScript files (tsx's loader registered in the worker first). */
export function tsWorker(file: string, workerData?: unknown): Worker {
  const loader = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const url = JSON.stringify(new URL(file, import.meta.url).href);
  const boot = `import(${loader}).then(({ register }) => { register(); return import(${url}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** The fake Slack Web API in its own worker thread, queried by message. */
export async function startFakeSlackWorker() {
  const worker = tsWorker("./slack-load-fake.ts");
  const apiUrl = await new Promise<string>((resolve, reject) => {
    worker.once("message", (ready: { apiUrl: string }) => resolve(ready.apiUrl));
    worker.once("error", reject);
  });
  let nextId = 0;
  const waiting = new Map<number, (answer: FakeAnswer) => void>();
  worker.on("message", (answer: FakeAnswer) => waiting.get(answer.id)?.(answer));
  const query = (body: FakeRequest): Promise<FakeAnswer> =>
    new Promise((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      const message: FakeQuery = { ...body, id };
      worker.postMessage(message);
    });
  return {
    apiUrl,
    perThread: async (channel: string, threadTs: string[]) =>
      (await query({ kind: "threads", channel, threadTs })).perThread ?? [],
    counts: () => query({ kind: "counts" }),
    stop: async () => {
      await query({ kind: "stop" });
      await worker.terminate();
    },
  };
}

/** The fake OpenAI-compatible engine in its own worker thread (slack-load-engine.ts). */
export async function startEngineWorker(engineMs: number) {
  const worker = tsWorker("./slack-load-engine.ts", { engineMs });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once("message", (ready: { url: string }) => resolve(ready.url));
    worker.once("error", reject);
  });
  return {
    url,
    stats: () =>
      new Promise<EngineStats>((resolve) => {
        worker.once("message", resolve);
        worker.postMessage("stats");
      }),
    stop: () => worker.terminate().then(() => undefined),
  };
}

/**
 * Sends every body at once, signed now, to POST /slack/events over connections opened before the burst. Each
 * request carries its index in x-bench-index (not signed; Slack's signature covers the body and timestamp only).
 * With `beforeWrite`, the burst waits for it once every connection is open (for example until all are accepted).
 */
export function sendBurst(
  port: number,
  bodies: string[],
  beforeWrite?: () => Promise<void>,
): Promise<SenderResult[]> {
  const requests = bodies.map((body, index) => {
    const headers: Record<string, string> = {
      host: `127.0.0.1:${port}`,
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      connection: "keep-alive",
      "x-bench-index": String(index),
      ...signRequest(body),
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    return `POST /slack/events HTTP/1.1\r\n${head}\r\n${body}`;
  });
  const input: SenderInput = { port, requests, waitForGo: beforeWrite !== undefined };
  return new Promise((resolve, reject) => {
    const worker = tsWorker("./slack-load-sender.ts", input);
    worker.on("message", (message: "connected" | SenderResult[]) => {
      if (message === "connected") {
        beforeWrite?.().then(() => worker.postMessage("go"), reject);
        return;
      }
      resolve(message);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}
