import { Worker } from "node:worker_threads";
import { embedTerms } from "../src/embeddings/hashed-features.js";
import { DocentError } from "../src/errors.js";
import { tokenize } from "../src/text/tokenize.js";
import { ingestCancelled } from "./ingest-cancelled.js";
import { workerScript } from "./worker-script.js";

export interface AnalyseRequest {
  id: number;
  texts: string[];
  /** The local embedder's vector length, to compute its vectors too; null for terms only. */
  dimensions: number | null;
}

export type AnalyseReply =
  | { id: number; terms: string[][]; vectors?: Float64Array }
  | { id: number; error: string };

export interface ChunkAnalysis {
  /** Each text's index terms and, when the worker embeds, its vector. */
  analyse(texts: string[]): Promise<{ terms: string[][]; vectors?: number[][] }>;
  close(): Promise<void>;
}

const analyseWorker = workerScript("analyse-chunks-worker", import.meta.url);

/**
 * Tokenizes chunks once for both the keyword index and (with `localDimensions`) the local embedder, whose vectors
 * it then computes from the same terms. `onThread`: on a worker thread, while the main thread loads, splits and
 * inserts into the HNSW graph; requests are answered in order, and a worker that fails or stops fails every
 * pending request. Otherwise on the calling thread.
 */
export function startChunkAnalysis(localDimensions: number | null, onThread: boolean): ChunkAnalysis {
  return onThread ? startWorkerAnalysis(localDimensions) : inThreadAnalysis(localDimensions);
}

/** The same work on the calling thread: for a run of a few files, cheaper than starting a worker. */
function inThreadAnalysis(localDimensions: number | null): ChunkAnalysis {
  return {
    async analyse(texts) {
      const terms = texts.map(tokenize);
      if (localDimensions === null) return { terms };
      return { terms, vectors: terms.map((textTerms) => embedTerms(textTerms, localDimensions)) };
    },
    close: async () => {},
  };
}

function startWorkerAnalysis(localDimensions: number | null): ChunkAnalysis {
  const pending = new Map<
    number,
    { resolve: (reply: AnalyseReply) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let stopped: Error | null = null;
  const failAll = (error: Error) => {
    stopped ??= error;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };
  // Started at once, so that it gets ready while the first files load.
  const start = () => {
    const started = new Worker(analyseWorker.script, { eval: analyseWorker.eval });
    started.unref();
    started.on("message", (reply: AnalyseReply) => {
      pending.get(reply.id)?.resolve(reply);
      pending.delete(reply.id);
    });
    started.on("error", (error) => failAll(analysisFailed(error.message)));
    started.on("exit", (code) => failAll(analysisFailed(`the worker stopped (exit code ${code})`)));
    return started;
  };

  const thread = start();
  return {
    async analyse(texts) {
      if (stopped) throw stopped;
      const worker = thread;
      const id = nextId++;
      const reply = await new Promise<AnalyseReply>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, texts, dimensions: localDimensions } satisfies AnalyseRequest);
      });
      if ("error" in reply) throw analysisFailed(reply.error);
      const { terms, vectors } = reply;
      if (vectors === undefined || localDimensions === null) return { terms };
      return { terms, vectors: terms.map((_, index) => unpack(vectors, index, localDimensions)) };
    },
    async close() {
      failAll(ingestCancelled());
      await thread.terminate();
    },
  };
}

function unpack(vectors: Float64Array, index: number, dimensions: number): number[] {
  return Array.from(vectors.subarray(index * dimensions, (index + 1) * dimensions));
}

function analysisFailed(reason: string): DocentError {
  return new DocentError("EMBEDDINGS_FAILED", `Tokenizing and embedding chunks failed: ${reason}`);
}
