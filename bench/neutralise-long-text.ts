import { neutraliseSourceText } from "../src/answer/neutralise-source-text.js";
import { describeMachine, loadAverage, median, numberFlag } from "./measure-helpers.js";

/**
 * How long neutraliseSourceText (run on every question, history message and source before it enters a prompt)
 * takes on texts built to make a regular expression backtrack: runs of "<", "<" or "[" followed by blanks, deep
 * quote prefixes. Linear patterns take about the same time per character at every size; a quadratic one takes
 * four times as long per character each time the size doubles twice.
 *
 *   npx tsx bench/neutralise-long-text.ts [--runs 3] [--largest 160000]
 */
const runs = numberFlag("runs", 3);
const sizes = [10_000, 40_000, 160_000].filter((size) => size <= numberFlag("largest", 160_000));
const shapes: Record<string, (size: number) => string> = {
  'all "<"': (size) => "<".repeat(size),
  '"<" run, then text': (size) => "<".repeat(size / 2) + "x".repeat(size / 2),
  '"<" then blanks': (size) => `<${" ".repeat(size - 1)}`,
  '"[" then blanks': (size) => `[${" ".repeat(size - 1)}`,
  '"> " quote prefix': (size) => "> ".repeat(size / 2),
  "ordinary prose": (size) => "The office closes at 5 pm <b>sharp</b> [1]. ".repeat(size / 45),
};

console.log(describeMachine());
console.log(`load average before: ${loadAverage()}`);
console.log(
  `shape                 | ${sizes.map((size) => `${size.toLocaleString("en-US")} chars`).join(" | ")} (median of ${runs}, ms)`,
);
for (const [name, build] of Object.entries(shapes)) {
  const cells = sizes.map((size) => {
    const text = build(size);
    const times = Array.from({ length: runs }, () => {
      const started = performance.now();
      neutraliseSourceText(text);
      return performance.now() - started;
    });
    return median(times).toFixed(1).padStart(12);
  });
  console.log(`${name.padEnd(21)} | ${cells.join(" | ")}`);
}
console.log(`load average after: ${loadAverage()}`);
