import { parseAccessFile } from "../src/chat-core/access-file.js";
import { chatPlatforms } from "../src/cli/chat-platforms.js";
import { describeMachine, loadAverage, median, numberFlag } from "./measure-helpers.js";

/**
 * How long parsing an access file of many channels takes: a running bot does it on its event loop whenever the
 * file changes (read every two seconds). Each size is an access file with that many Slack channels, one line each
 * (`C0000000001: [public, hr]`, about 30 bytes). Linear parsing takes about the same time per channel at every
 * size; a quadratic one four times as long per channel for four times the channels. Parsing only: the reader
 * refuses files over 1 MiB (about 35,000 of these lines), so the largest size is parsed here directly.
 *
 *   npx tsx bench/access-file-parse.ts [--runs 3] [--largest 40000]
 */
const runs = numberFlag("runs", 3);
const sizes = [10_000, 20_000, 40_000].filter((size) => size <= numberFlag("largest", 40_000));

function accessFileWith(channels: number): string {
  const lines = ["slack:", "  channels:"];
  for (let index = 0; index < channels; index++) {
    lines.push(`    C${String(index).padStart(10, "0")}: [public, hr]`);
  }
  return `${lines.join("\n")}\n`;
}

console.log(describeMachine());
console.log(`load average before: ${loadAverage()}`);
console.log(`channels | bytes     | parse ms (median of ${runs}) | µs per channel`);
for (const size of sizes) {
  const text = accessFileWith(size);
  const times = Array.from({ length: runs }, () => {
    const started = performance.now();
    parseAccessFile(text, "access.yaml", chatPlatforms);
    return performance.now() - started;
  });
  const parse = median(times);
  console.log(
    `${String(size).padStart(8)} | ${String(text.length).padStart(9)} | ${parse.toFixed(0).padStart(26)} | ${((parse * 1000) / size).toFixed(1)}`,
  );
}
console.log(`load average after: ${loadAverage()}`);
