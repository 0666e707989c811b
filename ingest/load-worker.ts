import { parentPort } from "node:worker_threads";
import { isDocentError } from "../src/errors.js";
import { loadDocument } from "./load-document.js";
import type { LoadReply, LoadRequest } from "./load-sandbox.js";
import { FileWithoutContent } from "./loaders/reject-file.js";

/**
 * The worker thread of load-sandbox.ts: reads one file at a time and answers with its document or its reason. It
 * says "ready" once its modules are loaded, so that starting it does not count against a file's time limit.
 */
parentPort?.on("message", async (request: LoadRequest) => {
  parentPort?.postMessage(await loadOne(request));
});
parentPort?.postMessage("ready");

async function loadOne(request: LoadRequest): Promise<LoadReply> {
  const { id, source, bytes, mediaType, limits } = request;
  try {
    const contents = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { id, outcome: "loaded", document: await loadDocument(source, contents, limits, mediaType) };
  } catch (error) {
    if (error instanceof FileWithoutContent) return { id, outcome: "empty", reason: error.message };
    const reason = isDocentError(error) || error instanceof Error ? error.message : String(error);
    return { id, outcome: "failed", reason };
  }
}
