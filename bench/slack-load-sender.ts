/**
 * Worker for bench/slack-load.ts: sends a burst of pre-built HTTP/1.1 POSTs over raw TCP connections that are all
 * connected before the burst (one request per connection, kept alive), and times each from the moment its request is
 * written to the moment the response's status line arrives, on this thread's own event loop. Times are also given
 * on the process-wide monotonic clock (process.hrtime, the same in every thread and in CPU profiles) for the trace.
 * A connection counts as open once the kernel completed its handshake; the server may not have accepted it yet
 * (Node accepts one connection per event-loop iteration). With `waitForGo` the worker says "connected" and writes
 * only when told "go", so that the main thread can first wait until the server has accepted every connection.
 */
import { connect, type Socket } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { monotonicMs } from "./slack-load-trace.js";

export interface SenderInput {
  port: number;
  /** Complete raw requests (head and body), one per connection. */
  requests: string[];
  waitForGo: boolean;
}

export interface SenderResult {
  status: number;
  ms: number;
  /** When the request was written and its status line read, on the process-wide monotonic clock (ms). */
  sentAt: number;
  answeredAt: number;
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
if (input.waitForGo) {
  const go = new Promise((resolve) => port.once("message", resolve));
  port.postMessage("connected");
  await go;
}
const payloads = input.requests.map((request) => Buffer.from(request, "utf8"));
const results = await new Promise<SenderResult[]>((resolve) => {
  const out: SenderResult[] = [];
  let pending = sockets.length;
  sockets.forEach((socket, index) => {
    let started = 0;
    socket.once("data", (chunk: Buffer) => {
      const answeredAt = monotonicMs();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString("latin1", 0, 16))?.[1] ?? 0);
      out[index] = { status, ms: answeredAt - started, sentAt: started, answeredAt };
      if (--pending === 0) resolve(out);
    });
    const payload = payloads[index];
    if (payload === undefined) return;
    // Assigned just before the write; the handler above only runs after this synchronous loop.
    started = monotonicMs();
    socket.write(payload);
  });
});
for (const socket of sockets) socket.destroy();
port.postMessage(results);
