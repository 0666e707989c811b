import { parentPort } from "node:worker_threads";
import { VectorIndex } from "../retrieval/vector-index.js";
import type { GraphReply, GraphRequest } from "./graph-builder-thread.js";

/**
 * The worker thread of graph-builder-thread.ts: owns one HNSW graph, inserts the vectors it is sent under labels
 * 0, 1, ... in order, and on "save" fits the graph to its capacity and writes it to a file.
 */
let graph: VectorIndex | null = null;
let inserted = 0;
/** The first insertion that failed: the graph is then incomplete, and saving it is refused. */
let addFailure: string | null = null;

parentPort?.on("message", async (request: GraphRequest) => {
  try {
    if (request.kind === "add") {
      if (addFailure !== null) return;
      graph ??= VectorIndex.create(request.dimensions, request.initialCapacity);
      const { vectors, dimensions } = request;
      for (let start = 0; start < vectors.length; start += dimensions) {
        graph.add(inserted++, Array.from(vectors.subarray(start, start + dimensions)));
      }
      return;
    }
    if (addFailure !== null) throw new Error(addFailure);
    if (graph === null) throw new Error("no vectors were added before the graph was saved");
    graph.fitCapacity(request.capacity);
    await graph.save(request.file);
    parentPort?.postMessage({ kind: "saved" } satisfies GraphReply);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (request.kind === "add") addFailure ??= reason;
    else parentPort?.postMessage({ kind: "failed", reason } satisfies GraphReply);
  }
});
