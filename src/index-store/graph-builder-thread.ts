import { Worker } from "node:worker_threads";
import { DocentError } from "../errors.js";
import { workerScript } from "../worker-script.js";

export type GraphRequest =
  | { kind: "add"; dimensions: number; initialCapacity: number; vectors: Float64Array }
  | { kind: "save"; capacity: number; file: string };

export type GraphReply = { kind: "saved" } | { kind: "failed"; reason: string };

/** A graph that is complete apart from its final size: what assembling a generation needs of a prebuilt one. */
export interface PrebuiltGraph {
  fitCapacity(capacity: number): void;
  save(file: string): Promise<void>;
}

export interface GraphBuilderThread extends PrebuiltGraph {
  /** Queues vectors for insertion under the next labels, in order. */
  add(vectors: readonly (readonly number[])[]): void;
  /** Stops the thread (after save, or to give the graph up). */
  close(): Promise<void>;
}

const graphWorker = workerScript("graph-builder-worker", import.meta.url);

/**
 * An HNSW graph built on a worker thread: the main thread hands over each embedded batch and goes on loading,
 * splitting and tokenizing while the graph's insertions (the largest CPU cost of an ingest) run beside it. The
 * graph is the one inserting the same vectors in the same order on the main thread gives (same code, same seed).
 */
export function startGraphBuilderThread(dimensions: number, initialCapacity: number): GraphBuilderThread {
  const thread = new Worker(graphWorker.script, { eval: graphWorker.eval });
  let failure: Error | null = null;
  let settleSave: ((reply: GraphReply | Error) => void) | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    settleSave?.(error);
  };
  thread.on("error", (error) => fail(error));
  thread.on("exit", (code) => fail(new Error(`the graph builder stopped (exit code ${code})`)));
  thread.on("message", (reply: GraphReply) => settleSave?.(reply));
  let capacity = 0;

  return {
    add(vectors) {
      if (failure !== null || vectors.length === 0) return;
      const packed = new Float64Array(vectors.length * dimensions);
      vectors.forEach((vector, index) => {
        if (vector.length !== dimensions) {
          throw new DocentError(
            "INDEX_INCOMPATIBLE",
            `A vector has ${vector.length} dimensions; this index has ${dimensions}. Run \`docent ingest --rebuild\`.`,
          );
        }
        packed.set(vector, index * dimensions);
      });
      const request: GraphRequest = { kind: "add", dimensions, initialCapacity, vectors: packed };
      thread.postMessage(request, [packed.buffer]);
    },
    fitCapacity(wanted) {
      capacity = wanted;
    },
    async save(file) {
      const reply = await new Promise<GraphReply | Error>((resolve) => {
        settleSave = resolve;
        if (failure !== null) resolve(failure);
        else thread.postMessage({ kind: "save", capacity, file } satisfies GraphRequest);
      });
      settleSave = null;
      if (reply instanceof Error || reply.kind === "failed") {
        const reason = reply instanceof Error ? reply.message : reply.reason;
        throw new DocentError("INGEST_FAILED", `The vector index could not be built: ${reason}`);
      }
    },
    async close() {
      thread.removeAllListeners("exit");
      await thread.terminate();
    },
  };
}
