import { writeSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../src/cli/main.js";
import { flipBit, overwrite } from "../test/helpers/damage-bytes.js";
import { describeMachine, loadAverage, numberFlag, repositoryRoot } from "./measure-helpers.js";

/**
 * The graph file check's claim (src/retrieval/graph-file.ts: no damage to vectors.hnsw can crash hnswlib), tried
 * harder than the test suite's property test does: an index of data/docs (215 chunks, an HNSW graph with upper
 * levels) whose manifest is stripped of its checksums, as a generation written before them (so the walk alone stands
 * between the damage and hnswlib), then `docent search` through the CLI's main() in this process after each of: every
 * bit of the 96-byte header flipped, random bits flipped in the level-0 link lists, in the upper-level link lists
 * and anywhere, and random ranges zeroed. A crash ends this process (the shell sees the signal); the last "case"
 * line names the damage. Prints how many were refused (the INDEX_CORRUPT sentence) and answered.
 * Usage: npx tsx bench/graph-file-damage.ts [--flips 1500] [--zeroed 200] [--seed 7]
 */
const flips = numberFlag("flips", 1500);
const zeroed = numberFlag("zeroed", 200);
let seed = numberFlag("seed", 7);
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const print = (line: string) => writeSync(1, `${line}\n`);
// main() adds its own error listeners to the output streams on every run.
process.stdout.setMaxListeners(0);
process.stderr.setMaxListeners(0);

/** The CLI in this process, its output kept from the terminal. */
async function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  const writes = [process.stdout.write, process.stderr.write];
  let stderr = "";
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => {
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(args), stderr };
  } finally {
    [process.stdout.write, process.stderr.write] = writes as [
      typeof process.stdout.write,
      typeof process.stderr.write,
    ];
  }
}

const work = await mkdtemp(join(tmpdir(), "docent-graph-damage-"));
try {
  print(`machine: ${describeMachine()}`);
  const index = join(work, "index");
  await runCli(["ingest", "--json", "--docs", join(repositoryRoot, "data/docs"), "--index", index]);
  const generation = (await readFile(join(index, "CURRENT"), "utf8")).trim();
  const manifestFile = join(index, "generations", generation, "manifest.json");
  const {
    contents: _contents,
    checksum: _checksum,
    ...legacy
  } = JSON.parse(await readFile(manifestFile, "utf8"));
  await writeFile(manifestFile, JSON.stringify(legacy));
  const graph = join("generations", generation, "vectors.hnsw");
  const bytes = await readFile(join(index, graph));
  const size = (await stat(join(index, graph))).size;
  const count = Number(bytes.readBigUInt64LE(16));
  const elementBytes = Number(bytes.readBigUInt64LE(24));
  const linksBytes = Number(bytes.readBigUInt64LE(40));
  const upperLevels = 96 + count * elementBytes;
  print(
    `graph: ${count} elements of ${elementBytes} bytes, top level ${bytes.readInt32LE(48)}, ${size} bytes`,
  );

  const at = (from: number, to: number) => from + Math.floor(random() * (to - from));
  const cases: Array<[string, (file: string) => Promise<void>]> = [];
  for (let bit = 0; bit < 96 * 8; bit++) {
    cases.push([`header bit ${bit}`, (file) => flipBit(file, bit >> 3, bit & 7)]);
  }
  for (let flip = 0; flip < flips; flip++) {
    const region = flip % 3;
    const element = at(0, count);
    const offset =
      region === 0
        ? 96 + element * elementBytes + at(0, linksBytes)
        : region === 1
          ? at(upperLevels, size)
          : at(0, size);
    const bit = at(0, 8);
    const where = ["level-0 links", "upper levels", "anywhere"][region];
    cases.push([`${where}: bit ${bit} of byte ${offset}`, (file) => flipBit(file, offset, bit)]);
  }
  for (let range = 0; range < zeroed; range++) {
    const start = at(0, size);
    const length = Math.min(size - start, at(1, 65));
    cases.push([
      `bytes ${start}..${start + length} zeroed`,
      (file) => overwrite(file, start, Buffer.alloc(length)),
    ]);
  }
  const outcomes = { refused: 0, answered: 0, unexpected: 0 };
  const copy = join(work, "case");
  const started = performance.now();
  for (const [name, damage] of cases) {
    await rm(copy, { recursive: true, force: true });
    await cp(index, copy, { recursive: true });
    await damage(join(copy, graph));
    print(`case ${name}`);
    const run = await runCli([
      "search",
      "--json",
      "--index",
      copy,
      "How do I book a desk and what is the parental leave?",
    ]);
    if (run.code === 0) outcomes.answered++;
    else if (/^docent: .*docent ingest/.test(run.stderr) && !run.stderr.includes("unexpected"))
      outcomes.refused++;
    else {
      outcomes.unexpected++;
      print(`  unexpected: ${run.stderr.split("\n")[0]}`);
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  print(
    `${cases.length} damaged graphs in ${seconds} s, none crashed: ${JSON.stringify(outcomes)}; load ${loadAverage()}`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
