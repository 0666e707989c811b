import { parentPort } from "node:worker_threads";
import { embedTerms } from "../src/embeddings/hashed-features.js";
import { tokenize } from "../src/text/tokenize.js";
import type { AnalyseReply, AnalyseRequest } from "./analyse-chunks.js";

/**
 * The worker thread of analyse-chunks.ts: tokenizes each text once, and with `dimensions` also computes the local
 * embedder's vector from those terms (the vectors travel back as one transferred Float64Array per batch).
 */
parentPort?.on("message", (request: AnalyseRequest) => {
  try {
    const terms = request.texts.map(tokenize);
    const { dimensions } = request;
    if (dimensions === null) {
      parentPort?.postMessage({ id: request.id, terms } satisfies AnalyseReply);
      return;
    }
    const vectors = new Float64Array(terms.length * dimensions);
    for (const [index, textTerms] of terms.entries()) {
      vectors.set(embedTerms(textTerms, dimensions), index * dimensions);
    }
    parentPort?.postMessage({ id: request.id, terms, vectors } satisfies AnalyseReply, [vectors.buffer]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    parentPort?.postMessage({ id: request.id, error: reason } satisfies AnalyseReply);
  }
});
