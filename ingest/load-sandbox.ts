import { Worker } from "node:worker_threads";
import type { LoadedDocument } from "../src/documents/chunk.js";
import { ingestCancelled } from "./ingest-cancelled.js";
import { describeMemoryLimit, describeTimeLimit, type IngestLimits } from "./ingest-limits.js";
import { workerScript } from "./worker-script.js";

export type LoadOutcome =
  | { outcome: "loaded"; document: LoadedDocument }
  /** Not readable: reported as failed, with the reason. */
  | { outcome: "failed"; reason: string }
  /** Readable, but nothing to index (a redirect stub): skipped. */
  | { outcome: "empty"; reason: string };

export interface LoadRequest {
  id: number;
  source: string;
  bytes: Uint8Array;
  /** The media type the source gave, which chooses the loader. */
  mediaType: string;
  limits: IngestLimits;
}

export type LoadReply = LoadOutcome & { id: number };

export interface LoadSandbox {
  load(source: string, bytes: Uint8Array, mediaType: string): Promise<LoadOutcome>;
  close(): Promise<void>;
}

const memoryCheckIntervalMs = 20;
const megabyte = 1024 * 1024;

/**
 * Reads files in a worker thread that the ingest can always stop. Parsers of PDF, Word and HTML are large code
 * that hostile input can drive into minutes of work or gigabytes of memory; here each file gets DOCENT_LOAD_TIMEOUT_S
 * and DOCENT_LOAD_MEMORY_MB (the worker's heap limit, and the process's resident memory above what it was when the
 * file started, which also counts the buffers pdf.js decodes streams into). A file over either is reported with
 * the limit's name and the worker is replaced; while a file is read the main thread stays free, so a signal or a
 * cancelled run stops it at once.
 */
export function createLoadSandbox(limits: IngestLimits, signal?: AbortSignal): LoadSandbox {
  let worker: StartedWorker | null = null;
  let nextId = 0;
  const retire = (stopped: Worker) => {
    if (worker?.thread === stopped) worker = null;
    void stopped.terminate();
  };

  /** One file in the worker, under the time and memory limits. */
  const readInWorker = (current: Worker, id: number, source: string, bytes: Uint8Array, mediaType: string) =>
    new Promise<LoadOutcome>((resolve, reject) => {
      const baseline = process.memoryUsage.rss();
      const settle = (outcome: LoadOutcome | Error, stop: boolean) => {
        clearTimeout(deadline);
        clearInterval(memoryWatch);
        signal?.removeEventListener("abort", onAbort);
        current.off("message", onMessage).off("error", onError).off("exit", onExit);
        if (stop) retire(current);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const fail = (reason: string) => settle({ outcome: "failed", reason }, true);
      const onMessage = (reply: LoadReply) => {
        if (reply.id !== id) return;
        const { id: _, ...outcome } = reply;
        settle(outcome, false);
      };
      const onError = (error: Error & { code?: string }) => fail(describeWorkerError(error, limits));
      const onExit = (code: number) =>
        fail(`the file could not be read: the reader stopped (exit code ${code})`);
      const onAbort = () => settle(ingestCancelled(), true);
      const deadline = setTimeout(() => fail(describeTimeLimit(limits)), limits.loadTimeoutMs);
      const memoryWatch = setInterval(() => {
        if (process.memoryUsage.rss() - baseline > limits.loadMemoryBytes) fail(describeMemoryLimit(limits));
      }, memoryCheckIntervalMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      current.on("message", onMessage).once("error", onError).once("exit", onExit);
      // A copy of exactly the file's bytes, handed over rather than cloned.
      const copy = new Uint8Array(bytes);
      const request: LoadRequest = { id, source, bytes: copy, mediaType, limits };
      current.postMessage(request, [copy.buffer]);
    });

  return {
    async load(source, bytes, mediaType) {
      if (signal?.aborted) throw ingestCancelled();
      worker ??= startWorker(limits);
      const current = worker;
      const ready = await waitUntilReady(current.ready, signal);
      if (ready !== true) {
        retire(current.thread);
        if (ready === aborted) throw ingestCancelled();
        return { outcome: "failed", reason: ready };
      }
      return readInWorker(current.thread, nextId++, source, bytes, mediaType);
    },
    async close() {
      const current = worker;
      worker = null;
      await current?.thread.terminate();
    },
  };
}

interface StartedWorker {
  thread: Worker;
  /** true once the worker has loaded its modules; otherwise why it could not start. */
  ready: Promise<true | string>;
}

function startWorker(limits: IngestLimits): StartedWorker {
  const thread = new Worker(loadWorker.script, {
    eval: loadWorker.eval,
    resourceLimits: { maxOldGenerationSizeMb: Math.ceil(limits.loadMemoryBytes / megabyte) },
    stdout: true,
  });
  // Whatever a library prints must not mix with the command's output (`--json` goes to standard output).
  thread.stdout.pipe(process.stderr, { end: false });
  // A pending load keeps the process alive through its timers; an idle worker must not.
  thread.unref();
  const ready = new Promise<true | string>((resolve) => {
    thread.once("message", () => resolve(true));
    thread.once("error", (error: Error & { code?: string }) => resolve(describeWorkerError(error, limits)));
    thread.once("exit", (code) =>
      resolve(`the file could not be read: the reader stopped (exit code ${code})`),
    );
  });
  return { thread, ready };
}

const aborted = Symbol("aborted");

async function waitUntilReady(
  ready: Promise<true | string>,
  signal: AbortSignal | undefined,
): Promise<true | string | typeof aborted> {
  if (signal === undefined) return ready;
  let onAbort = () => {};
  const whenAborted = new Promise<typeof aborted>((resolve) => {
    onAbort = () => resolve(aborted);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([ready, whenAborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

function describeWorkerError(error: Error & { code?: string }, limits: IngestLimits): string {
  return error.code === "ERR_WORKER_OUT_OF_MEMORY"
    ? describeMemoryLimit(limits)
    : `the file could not be read: ${error.message}`;
}

/** The worker runs load-worker.js next to this file (or load-worker.ts, through tsx). */
const loadWorker = workerScript("load-worker", import.meta.url);
