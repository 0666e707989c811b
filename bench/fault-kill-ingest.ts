import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describeMachine, numberFlag, repositoryRoot } from "./measure-helpers.js";

/**
 * kill -9 of `docent ingest` at random moments: after every kill `docent search` must still answer from the
 * current generation (CURRENT names a complete one), and the run after the last kill must succeed and leave no
 * partial folder and no lock behind. Each killed run is an `ingest --rebuild`, so every stage (scanning, loading,
 * embedding, writing) is live; kill times are uniform over 0..1.1 x the duration of an unkilled rebuild (the shorter of two), and the
 * stage reached is read from the run's `--progress-json` lines.
 * Corpus: ../shared/data/handbook-18f/pages when present, else data/docs. A run succeeds with exit status 0, or 2
 * when some files are rejected (the handbook has a few empty pages): the new generation is live either way.
 * Usage: npx tsx bench/fault-kill-ingest.ts [--kills 20] [--seed N]
 */
const kills = numberFlag("kills", 20);
const seed = numberFlag("seed", Date.now() % 100_000);
const handbook = path.resolve(repositoryRoot, "../shared/data/handbook-18f/pages");
const docsDir = existsSync(handbook) ? handbook : path.join(repositoryRoot, "data/docs");
const question = existsSync(handbook)
  ? "How do I request leave?"
  : "What is the address of the Halifax office?";
const loader = pathToFileURL(path.join(repositoryRoot, "node_modules/tsx/dist/loader.mjs")).href;
const entry = path.join(repositoryRoot, "test/helpers/docent-entry.ts");

/** A mulberry32 generator, so that a run can be repeated with --seed. */
function random(): number {
  randomState = (randomState + 0x6d2b79f5) | 0;
  let value = Math.imul(randomState ^ (randomState >>> 15), 1 | randomState);
  value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
  return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
}
let randomState = seed;

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** The last progress stage the run reported. */
  stage: () => string;
}

function docent(args: string[], indexDir: string): Run {
  const child = spawn(process.execPath, ["--import", loader, entry, ...args], {
    cwd: repositoryRoot,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      LOG_LEVEL: "warn",
      DOCENT_DOCS_DIR: docsDir,
      DOCENT_INDEX_DIR: indexDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let stage = "starting";
  child.stdout?.on("data", (data: Buffer) => {
    stdout += data.toString();
  });
  child.stderr?.on("data", (data: Buffer) => {
    stderr += data.toString();
    for (const line of data.toString().split("\n")) {
      const progress = line.startsWith("{")
        ? (safeJson(line)?.ingestProgress as { stage?: string })
        : undefined;
      if (progress?.stage) stage = progress.stage;
    }
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, stage: () => stage };
}

function safeJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** `docent search --json` answers with results, and CURRENT names a generation with a manifest. */
async function searchStillAnswers(
  indexDir: string,
): Promise<{ ok: boolean; generation: string; detail: string }> {
  const generation = (await readFile(path.join(indexDir, "CURRENT"), "utf8").catch(() => "")).trim();
  const complete = existsSync(path.join(indexDir, "generations", generation, "manifest.json"));
  const search = await docent(["search", "--json", "--top", "3", question], indexDir).done;
  const results = search.code === 0 ? ((safeJson(search.stdout)?.results as unknown[]) ?? []) : [];
  const ok = complete && search.code === 0 && results.length > 0;
  return {
    ok,
    generation,
    detail: ok ? "" : `complete=${complete} exit=${search.code} ${search.stderr.trim()}`,
  };
}

const workDir = await mkdtemp(path.join(tmpdir(), "docent-fault-kill-"));
const indexDir = path.join(workDir, "index");
const started = performance.now();
try {
  console.log(`kill -9 of docent ingest --rebuild, ${kills} times; corpus ${docsDir}; seed ${seed}`);
  console.log(`machine: ${describeMachine()}`);
  const first = await docent(["ingest", "--json"], indexDir).done;
  const succeeded = (code: number | null) => code === 0 || code === 2;
  if (!succeeded(first.code))
    throw new Error(`the first ingest failed (exit ${first.code}): ${first.stderr}`);
  const summary = safeJson(first.stdout) as { chunks: number; added: number; failed: unknown[] };
  // The shortest of two unkilled rebuilds (the machine is shared: one slow run would put most kills after the end).
  let rebuildMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 2; round++) {
    const timed = performance.now();
    const baseline = await docent(["ingest", "--rebuild", "--json"], indexDir).done;
    rebuildMs = Math.min(rebuildMs, performance.now() - timed);
    if (!succeeded(baseline.code)) throw new Error(`the baseline rebuild failed: ${baseline.stderr}`);
  }
  console.log(
    `corpus: ${summary.added} documents (${summary.failed.length} rejected, exit ${first.code}), ${summary.chunks} chunks; ` +
      `an unkilled rebuild takes ${Math.round(rebuildMs)} ms`,
  );

  const stages = new Map<string, number>();
  let searchesOk = 0;
  let finishedBeforeKill = 0;
  const generationsServed = new Set<string>();
  for (let kill = 1; kill <= kills; kill++) {
    const delayMs = Math.round(random() * rebuildMs * 1.1);
    const run = docent(["ingest", "--rebuild", "--progress-json", "--json"], indexDir);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const stage = run.child.exitCode === null ? run.stage() : "finished";
    run.child.kill("SIGKILL");
    const exit = await run.done;
    const label = exit.signal === "SIGKILL" ? stage : "finished";
    if (label === "finished") finishedBeforeKill++;
    stages.set(label, (stages.get(label) ?? 0) + 1);
    const check = await searchStillAnswers(indexDir);
    if (check.ok) searchesOk++;
    generationsServed.add(check.generation);
    console.log(
      `kill ${String(kill).padStart(2)} at ${String(delayMs).padStart(5)} ms (${label.padEnd(9)}): ` +
        `search ${check.ok ? "ok" : `FAILED ${check.detail}`}, serving ${check.generation}`,
    );
  }

  const finalStarted = performance.now();
  const final = await docent(["ingest", "--rebuild", "--json"], indexDir).done;
  const finalMs = performance.now() - finalStarted;
  const after = await searchStillAnswers(indexDir);
  const leftovers = [
    ...(await readdir(path.join(indexDir, "generations"))).filter((name) => name.startsWith(".")),
    ...(await readdir(indexDir)).filter((name) => name === "ingest.lock" || name.endsWith(".tmp")),
  ];
  console.log("");
  console.log(`kills: ${kills} (${finishedBeforeKill} runs had already finished when the signal came)`);
  console.log(`stage at the kill: ${[...stages].map(([stage, count]) => `${stage} ${count}`).join(", ")}`);
  console.log(`searches after a kill that answered from a complete generation: ${searchesOk}/${kills}`);
  console.log(`generations served across the kills: ${generationsServed.size}`);
  console.log(
    `final ingest --rebuild: exit ${final.code} in ${Math.round(finalMs)} ms; search after it ${after.ok ? "ok" : "FAILED"}; ` +
      `leftover partial folders, locks or temp files: ${leftovers.length === 0 ? "none" : leftovers.join(", ")}`,
  );
  console.log(`total time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const passed = searchesOk === kills && final.code === first.code && after.ok && leftovers.length === 0;
  console.log(passed ? "PASS" : "FAIL");
  process.exitCode = passed ? 0 : 1;
} finally {
  await rm(workDir, { recursive: true, force: true });
}
