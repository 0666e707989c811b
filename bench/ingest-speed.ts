import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalEmbeddings } from "../src/embeddings/local-embeddings.js";
import { type DocentRound, runDocentRound } from "./ingest-docent-round.js";
import { type ReferenceTiming, runReferenceIngest } from "./ingest-reference.js";
import { profileIngestStages } from "./ingest-stage-profile.js";
import {
  describeMachine,
  loadAverage,
  median,
  numberFlag,
  requireHandbook,
  seconds,
} from "./measure-helpers.js";

/**
 * Ingest speed on the 18F handbook (default local embedder, chunkSize 1000, overlap 150): docent's full ingest
 * (rebuild), unchanged re-ingest and re-ingest after one changed file, against the stock LangChain pipeline
 * (DirectoryLoader + RecursiveCharacterTextSplitter + HNSWLib.fromDocuments + save) with the same embedder.
 * Rounds are interleaved and alternate which side goes first; medians are printed. The docent round is also run
 * on a copy without the files it rejects as empty (see the note printed). --stages adds a per-stage profile.
 * Usage: npx tsx bench/ingest-speed.ts [--repeat 3] [--stages]
 */
const handbook = requireHandbook();
const repeats = numberFlag("repeat", 3);
const chunking = { chunkSize: 1000, chunkOverlap: 150 };
const settings = { embedder: new LocalEmbeddings(), chunking };
const changedFile = "about.md";
const workDir = await mkdtemp(join(tmpdir(), "docent-ingest-speed-"));
const docent: DocentRound[] = [];
const withoutEmpty: DocentRound[] = [];
const reference: ReferenceTiming[] = [];

try {
  const docsDir = join(workDir, "docs");
  const cleanDir = join(workDir, "docs-without-empty");
  await cp(handbook, docsDir, { recursive: true });
  await cp(handbook, cleanDir, { recursive: true });
  console.log(`machine: ${describeMachine()}`);
  const runReference = async (round: number) => {
    const saveDir = join(workDir, `reference-${round}`);
    reference.push(await runReferenceIngest(docsDir, saveDir, settings.embedder, chunking));
    await rm(saveDir, { recursive: true, force: true });
  };
  for (let round = 1; round <= repeats; round++) {
    if (round % 2 === 0) await runReference(round);
    const result = await runDocentRound(docsDir, join(workDir, `index-${round}`), changedFile, settings);
    docent.push(result);
    if (round % 2 === 1) await runReference(round);
    for (const problem of result.full.failed) await rm(join(cleanDir, problem.source), { force: true });
    withoutEmpty.push(await runDocentRound(cleanDir, join(workDir, `clean-${round}`), changedFile, settings));
    const last = withoutEmpty.at(-1);
    console.log(
      `round ${round}: docent full ${seconds(result.fullMs)} (${result.full.documents} files, ${result.full.chunks} chunks, ` +
        `${result.full.failed.length} rejected), unchanged ${result.unchangedMs.toFixed(0)} ms ` +
        `(${result.unchangedKeptGeneration ? "kept the generation" : "WROTE A NEW GENERATION"}), one changed ` +
        `${result.oneChangedMs.toFixed(0)} ms; reference ${seconds(reference.at(-1)?.totalMs ?? 0)} ` +
        `(${reference.at(-1)?.chunks} chunks); without rejected files: unchanged ${last?.unchangedMs.toFixed(0)} ms ` +
        `(${last?.unchangedKeptGeneration ? "kept the generation" : "WROTE A NEW GENERATION"}); load ${loadAverage()}`,
    );
  }
  printSummary();
  if (process.argv.includes("--stages"))
    await profileIngestStages(docsDir, workDir, settings.embedder, chunking, repeats);
} finally {
  await rm(workDir, { recursive: true, force: true });
}

function printSummary(): void {
  const docentMedian = (pick: (round: DocentRound) => number, rounds = docent) => median(rounds.map(pick));
  const referenceMedian = (pick: (run: ReferenceTiming) => number) => median(reference.map(pick));
  const stage = (position: number) => docentMedian((round) => round.fullStages[position] ?? 0).toFixed(0);
  const fullMs = docentMedian((round) => round.fullMs);
  const referenceMs = referenceMedian((run) => run.totalMs);
  const first = docent[0];
  console.log(`\nmedians of ${repeats} rounds (load average now ${loadAverage()}):`);
  console.log(
    `docent full ingest        ${seconds(fullMs)}  (${first?.full.chunks} chunks; scan+read+hash ${stage(0)} ms, ` +
      `load+split ${stage(1)} ms, embed ${stage(2)} ms, HNSW+BM25+write+publish ${stage(3)} ms)`,
  );
  console.log(
    `docent unchanged          ${docentMedian((round) => round.unchangedMs).toFixed(0)} ms (target < 500 ms, no new generation: ` +
      `${docent.every((round) => round.unchangedKeptGeneration) ? "yes" : "NO"})`,
  );
  console.log(`docent one file changed   ${docentMedian((round) => round.oneChangedMs).toFixed(0)} ms`);
  console.log(
    `  without the ${first?.full.failed.length} rejected (empty) files: full ${seconds(docentMedian((round) => round.fullMs, withoutEmpty))}, ` +
      `unchanged ${docentMedian((round) => round.unchangedMs, withoutEmpty).toFixed(0)} ms (no new generation: ` +
      `${withoutEmpty.every((round) => round.unchangedKeptGeneration) ? "yes" : "NO"}), ` +
      `one changed ${docentMedian((round) => round.oneChangedMs, withoutEmpty).toFixed(0)} ms`,
  );
  console.log(
    `LangChain reference       ${seconds(referenceMs)}  (${reference[0]?.chunks} chunks; load ${referenceMedian((run) => run.loadMs).toFixed(0)} ms, ` +
      `split ${referenceMedian((run) => run.splitMs).toFixed(0)} ms, embed ${referenceMedian((run) => run.embedMs).toFixed(0)} ms, ` +
      `HNSW insert ${referenceMedian((run) => run.insertMs).toFixed(0)} ms, save ${referenceMedian((run) => run.saveMs).toFixed(0)} ms)`,
  );
  console.log(
    `ratio reference/docent    ${(referenceMs / fullMs).toFixed(2)}x for a full ingest (target >= 3x); ` +
      `${(referenceMs / docentMedian((round) => round.oneChangedMs)).toFixed(1)}x for a one-file change`,
  );
}
