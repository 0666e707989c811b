import type { IngestStage } from "../../ingest/ingest-pipeline.js";

/**
 * Ingest progress for people: a one-line bar redrawn in place on a terminal, plain lines otherwise (logs, CI),
 * and nothing at all when the output is machine-readable.
 */
export function createProgressReporter(
  stream: NodeJS.WriteStream,
  enabled: boolean,
): (stage: IngestStage, done: number, total: number) => void {
  if (!enabled) return () => {};
  if (stream.isTTY) return drawBar(stream);
  let lastLine = "";
  return (stage, done, total) => {
    if (done !== total && done !== 0) return;
    const line = done === 0 ? `${stage}...` : `${stage}: ${done}/${total} done`;
    if (line !== lastLine) stream.write(`${line}\n`);
    lastLine = line;
  };
}

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

function drawBar(stream: NodeJS.WriteStream) {
  const width = 30;
  let lastDrawn = 0;
  return (stage: IngestStage, done: number, total: number) => {
    const now = Date.now();
    if (done !== total && now - lastDrawn < 80) return;
    lastDrawn = now;
    const share = total > 0 ? done / total : 1;
    const filled = Math.round(share * width);
    const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
    stream.write(`\r${stage.padEnd(10)} [${bar}] ${done}/${total}`);
    if (done === total) stream.write("\n");
  };
}
