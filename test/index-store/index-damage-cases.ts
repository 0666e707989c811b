// The child process of index-damage-property.test.ts: node --import tsx index-damage-cases.ts <work folder> <seed>
// Builds small real indexes with the CLI's own main(), then for each seeded case copies one, damages one file and
// runs `docent search --json` through main() in this process. Before each case it prints {"start"} and after it
// {"done"} (exit code, output) as JSON lines on file descriptor 1, so that the parent knows which case a crash (this
// process dies by a signal) or a hang (the parent kills it) happened in.
import { writeSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { flipBit, overwrite, smallDocuments } from "../helpers/damage-bytes.js";

const [work = "", seedText = "1"] = process.argv.slice(2);
const question = "Where do staff park and how many weeks of parental leave?";
const report = (line: object) => writeSync(1, `${JSON.stringify(line)}\n`);
process.stdout.setMaxListeners(0);
process.stderr.setMaxListeners(0);

/** Runs the CLI in this process with its output captured. */
async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = { stdout: "", stderr: "" };
  const { stdout, stderr } = process;
  const originals = [stdout.write, stderr.write];
  stdout.write = ((chunk: string) => {
    output.stdout += chunk;
    return true;
  }) as typeof stdout.write;
  stderr.write = ((chunk: string) => {
    output.stderr += chunk;
    return true;
  }) as typeof stderr.write;
  try {
    return { code: await main(args), ...output };
  } finally {
    [stdout.write, stderr.write] = originals as [typeof stdout.write, typeof stderr.write];
  }
}

/** mulberry32: a small seeded generator, so that every run damages the same bytes. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

async function build(name: string, generations: number): Promise<string> {
  const indexDir = path.join(work, name);
  for (let run = 0; run < generations; run++) {
    const args = ["ingest", "--json", "--docs", path.join(work, "docs"), "--index", indexDir];
    const result = await runCli(run === 0 ? args : [...args, "--rebuild"]);
    if (result.code !== 0) throw new Error(`building ${name} failed: ${result.stderr}`);
  }
  return indexDir;
}

/** The index files a case may damage, by name, relative to the index folder (the current generation's files). */
async function indexFiles(indexDir: string): Promise<string[]> {
  const current = (await readFile(path.join(indexDir, "CURRENT"), "utf8")).trim();
  const names = (await readdir(path.join(indexDir, "generations", current))).sort();
  return ["CURRENT", ...names.map((name) => path.join("generations", current, name))];
}

interface Case {
  variant: string;
  file: string;
  damage: string;
  apply(file: string): Promise<void>;
}

function damages(random: () => number, variant: string, file: string, size: number, flips: number): Case[] {
  const at = (limit: number) => Math.floor(random() * limit);
  const cases: Case[] = [];
  const headerBytes = file.endsWith("vectors.hnsw") ? 96 : 72;
  for (let flip = 0; flip < flips; flip++) {
    // Half the flips in the file's header, where sizes and offsets are.
    const offset = flip % 2 === 0 ? at(Math.min(size, headerBytes)) : at(size);
    const bit = at(8);
    cases.push({
      variant,
      file,
      damage: `bit ${bit} of byte ${offset} flipped`,
      apply: (f) => flipBit(f, offset, bit),
    });
  }
  for (let zeroed = 0; zeroed < 2; zeroed++) {
    const start = at(size);
    const length = 1 + at(Math.min(size - start, zeroed === 0 ? 64 : 65536));
    cases.push({
      variant,
      file,
      damage: `bytes ${start}..${start + length} zeroed`,
      apply: (f) => overwrite(f, start, Buffer.alloc(length)),
    });
  }
  const length = at(size);
  cases.push({ variant, file, damage: `cut to ${length} bytes`, apply: (f) => truncate(f, length) });
  return cases;
}

for (const [name, text] of Object.entries(smallDocuments)) {
  await mkdir(path.dirname(path.join(work, "docs", name)), { recursive: true });
  await writeFile(path.join(work, "docs", name), text);
}
const variants: Record<string, string> = {
  // The generation before the current one is kept: a damaged one must be answered from it, exactly.
  two: await build("two", 2),
  // Nothing else to serve: a damaged one must be refused with a sentence.
  one: await build("one", 1),
};
// A generation written before manifests recorded sizes and checksums: only the files' own checks stand between a
// damaged vectors.hnsw and hnswlib. It may answer differently, but never crash or hang.
variants.legacy = path.join(work, "legacy");
await cp(variants.one as string, variants.legacy, { recursive: true });
const fileOf = async (indexDir: string, name: string) =>
  (await indexFiles(indexDir)).find((file) => path.basename(file) === name) as string;
const legacyManifest = path.join(variants.legacy, await fileOf(variants.legacy, "manifest.json"));
const {
  contents: _contents,
  checksum: _checksum,
  ...legacy
} = JSON.parse(await readFile(legacyManifest, "utf8"));
await writeFile(legacyManifest, JSON.stringify(legacy, null, 2));

const baseline = await runCli(["search", "--json", "--index", variants.two as string, question]);
report({ baseline });

const random = randomFrom(Number(seedText));
const cases: Case[] = [];
for (const [variant, indexDir] of Object.entries(variants)) {
  for (const file of await indexFiles(indexDir)) {
    if (variant === "legacy" && !file.endsWith("vectors.hnsw") && !file.endsWith("manifest.json")) continue;
    const { size } = await stat(path.join(indexDir, file));
    cases.push(
      ...damages(random, variant, file, size, variant === "legacy" && file.endsWith(".hnsw") ? 24 : 4),
    );
  }
}
cases.push({
  variant: "two",
  file: await fileOf(variants.two as string, "keywords.bin"),
  damage: "zeroed after byte 64 (the attack run's)",
  apply: async (f) => overwrite(f, 64, Buffer.alloc((await stat(f)).size - 64)),
});

for (const [index, damage] of cases.entries()) {
  const { variant, file } = damage;
  const indexDir = path.join(work, `case-${index}`);
  await cp(variants[variant] as string, indexDir, { recursive: true });
  await damage.apply(path.join(indexDir, file));
  report({ start: index, variant, file: path.basename(file), damage: damage.damage });
  const result = await runCli(["search", "--json", "--index", indexDir, question]);
  report({ done: index, ...result });
  await rm(indexDir, { recursive: true, force: true });
}
report({ finished: cases.length });
