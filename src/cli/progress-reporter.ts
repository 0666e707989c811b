import type { IngestStage } from "../index-store/index-store.js";

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
