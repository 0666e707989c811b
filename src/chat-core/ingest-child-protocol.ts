import type { IngestStage } from "../index-store/index-store.js";

/**
 * How `docent ingest --progress-json` (the child process a chat reindex runs) talks to its parent: one JSON line
 * on standard error per progress event, and one for a fatal error; the summary is the --json line on standard
 * output. Written by the CLI, read by runIngestProcess.
 */
/** The key of a machine-readable progress line (`docent ingest --progress-json`, read by the chat core's reindex). */
export const progressLineKey = "ingestProgress";
/** The key of the line that reports a fatal ingest error under `--progress-json`: {"ingestFailure":{code,message}}. */
export const failureLineKey = "ingestFailure";

/** One JSON line per progress event, for a parent process: {"ingestProgress":{"stage":"embedding","done":3,"total":9}}. */
export function createJsonProgressReporter(
  stream: NodeJS.WritableStream,
): (stage: IngestStage, done: number, total: number) => void {
  return (stage, done, total) => {
    stream.write(`${JSON.stringify({ [progressLineKey]: { stage, done, total } })}\n`);
  };
}
