import { spawnSync } from "node:child_process";
import { readdir, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { readChunkStore } from "../src/index-store/chunk-store.js";
import { buildChunkStoreData, encodeChunkStore } from "../src/index-store/chunk-store-format.js";
import { readCurrentGeneration } from "../src/index-store/generation-folders.js";
import { generationFiles, indexPaths } from "../src/index-store/index-paths.js";
import { readManifest } from "../src/index-store/manifest.js";
import {
  describeMachine,
  loadAverage,
  mebibytes,
  median,
  numberFlag,
  repositoryRoot,
} from "./measure-helpers.js";

/**
 * Opening a large index, old code against new, in the same run: each measurement is a fresh process
 * (index-open-measure.ts), the variants alternate round by round so that the machine's noise hits both.
 * The index must hold chunks.json (as the old code wrote it, e.g. kept by `search-scale.ts --keep` run from a
 * checkout of the old code); chunks.bin is written next to it once if missing, so both checkouts read the same
 * generation. --base is the old checkout (its node_modules present); --base-index <dir> has the old code open
 * another index than the new code (the same one in the format the old code wrote, bench/index-without-checksums.ts).
 * --open-only skips the part-by-part measurements (and needs no chunks.json).
 * Usage: npx tsx bench/index-open.ts <indexDir> --base <old checkout> [--base-index <dir>] [--rounds 3]
 *   [--queries 1000] [--open-only]
 */
const indexDir = process.argv[2] ?? "";
const base = resolve(process.argv[process.argv.indexOf("--base") + 1] ?? "");
if (indexDir === "" || indexDir.startsWith("--") || !process.argv.includes("--base")) {
  console.error(
    "Usage: npx tsx bench/index-open.ts <indexDir> --base <old checkout> [--rounds 3] [--queries 1000]",
  );
  process.exit(2);
}
const baseIndex = process.argv.includes("--base-index")
  ? resolve(process.argv[process.argv.indexOf("--base-index") + 1] ?? "")
  : indexDir;
const openOnly = process.argv.includes("--open-only");
const rounds = numberFlag("rounds", 3);
const queries = numberFlag("queries", 1000);
const folder = (await readCurrentGeneration(indexPaths(indexDir))) ?? "";
const files = generationFiles(folder);
const names = await readdir(folder);
if (!openOnly && !names.includes("chunks.json")) {
  throw new Error(`${folder} has no chunks.json for the old code to read`);
}
if (!names.includes("chunks.bin")) {
  const manifest = await readManifest(files.manifest);
  const json = await readChunkStore({ ...files, chunks: join(folder, "absent") }, manifest.counts.labels);
  await writeFile(
    files.chunks,
    encodeChunkStore(buildChunkStoreData(json.readAll(), manifest.counts.labels)),
  );
  console.log(`wrote ${files.chunks} next to chunks.json (for the new code)`);
}
console.log(`machine: ${describeMachine()}`);
for (const name of (await readdir(folder)).sort()) {
  console.log(`  ${name.padEnd(14)} ${mebibytes((await stat(join(folder, name))).size)}`);
}

type Figures = Record<string, number | string>;
const results = new Map<string, Figures[]>();
const variants: string[][] = [
  ["open", base],
  ["open", repositoryRoot],
  ...(openOnly
    ? []
    : ["chunks.json-objects", "chunks.bin", "chunks.json-convert", "vectors.hnsw", "keywords.bin"]
  ).map((part) => ["part", part]),
];
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? variants : [variants[1], variants[0], ...variants.slice(2).reverse()];
  for (const [mode = "", argument = ""] of order as string[][]) {
    const child = spawnSync(
      process.execPath,
      [
        "--expose-gc",
        "--import",
        "tsx",
        join(repositoryRoot, "bench/index-open-measure.ts"),
        mode === "open" && argument === base ? baseIndex : indexDir,
        mode,
        argument,
        "--queries",
        String(queries),
      ],
      { cwd: repositoryRoot, encoding: "utf8", env: { ...process.env }, maxBuffer: 1 << 24 },
    );
    if (child.status !== 0) throw new Error(`${mode} ${argument} failed:\n${child.stderr}`);
    const figures = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as Figures;
    const key = mode === "open" ? `open, ${argument === base ? "old code" : "new code"}` : `part ${argument}`;
    results.set(key, [...(results.get(key) ?? []), figures]);
    console.log(`round ${round + 1} ${key}: ${describe([figures])}`);
  }
}
console.log(
  `\nmedians of ${rounds} rounds (fresh process each; ${queries} queries, 200 warm-up); load ${loadAverage()}`,
);
for (const [key, runs] of results) console.log(`${key.padEnd(28)} ${describe(runs)}`);

function describe(runs: Figures[]): string {
  const middle = (name: string) => median(runs.map((run) => Number(run[name])));
  const rss = (name: string) => mebibytes(middle(name));
  const search =
    runs[0]?.allP50 === undefined
      ? ""
      : `; search p50/p99 ms: no scope ${middle("allP50").toFixed(3)}/${middle("allP99").toFixed(2)}, ` +
        `one scope ${middle("scopeP50").toFixed(3)}/${middle("scopeP99").toFixed(2)}; ` +
        `chunkAt ${middle("chunkAtMicros").toFixed(2)} µs`;
  return (
    `open ${middle("openMs").toFixed(0)} ms (cpu ${middle("openCpuMs").toFixed(0)} ms); rss ${rss("rssBefore")} -> ${rss("rssLoaded")} loaded, ` +
    `${rss("rssSettled")} after gc (+${mebibytes(middle("rssSettled") - middle("rssBefore"))}; ` +
    `heap ${rss("heapSettled")}, buffers ${rss("buffersSettled")})${search}; load ${runs.map((run) => run.load).join(" | ")}`
  );
}
