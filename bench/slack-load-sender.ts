/**
 * Worker for bench/slack-load.ts: sends a burst of pre-built HTTP/1.1 POSTs over raw TCP connections that are all
 * open before the burst (one request per connection, kept alive), and times each from the moment its request is
 * written to the moment the response's status line arrives, on this thread's own event loop.
 */
import { connect, type Socket } from "node:net";
import { parentPort, workerData } from "node:worker_threads";

export interface SenderInput {
  port: number;
  /** Complete raw requests (head and body), one per connection. */
  requests: string[];
}

export interface SenderResult {
  status: number;
  ms: number;
}

const port = parentPort;
if (port === null) throw new Error("slack-load-sender.ts runs as a worker thread");
const input = workerData as SenderInput;

const open = (): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: input.port, noDelay: true }, () => resolve(socket));
    socket.once("error", reject);
  });

const sockets = await Promise.all(input.requests.map(open));
const payloads = input.requests.map((request) => Buffer.from(request, "utf8"));
const results = await new Promise<SenderResult[]>((resolve) => {
  const out: SenderResult[] = [];
  let pending = sockets.length;
  sockets.forEach((socket, index) => {
    let started = 0;
    socket.once("data", (chunk: Buffer) => {
      const ms = performance.now() - started;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString("latin1", 0, 16))?.[1] ?? 0);
      out[index] = { status, ms };
      if (--pending === 0) resolve(out);
    });
    const payload = payloads[index];
    if (payload === undefined) return;
    // Assigned just before the write; the handler above only runs after this synchronous loop.
    started = performance.now();
    socket.write(payload);
  });
});
for (const socket of sockets) socket.destroy();
port.postMessage(results);
