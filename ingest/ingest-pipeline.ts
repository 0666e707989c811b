import path from "node:path";
import type { FileProblem } from "../src/documents/split-file.js";
import { DocentError } from "../src/errors.js";
import { beginGeneration, newGenerationName } from "../src/index-store/begin-generation.js";
import type { IndexRepair } from "../src/index-store/index-repair.js";
import type { IngestStage } from "../src/index-store/index-store.js";
import type { Manifest, RunSummary } from "../src/index-store/manifest.js";
import type { DocumentSource } from "../src/sources/document-source.js";
import { checkSameDocsFolder, readPointer } from "./index-before-run.js";
import { ingestCancelled } from "./ingest-cancelled.js";
import type { IngestOptions, IngestSummary } from "./ingest-types.js";
import { checkSources, listSources, type SourceFailure, type SourcesListing } from "./list-sources.js";
import { loadSplitAndEmbed } from "./load-split-and-embed.js";
import { defaultIngestLimits } from "./loaders/ingest-limits.js";
import { type ChangePlan, planChanges } from "./plan-changes.js";
import { nextSourceSyncs } from "./record-source-syncs.js";
import { findReusableGeneration, type ReusableGeneration } from "./reusable-generation.js";
import { describeFailure, failRun } from "./source-failures.js";

/**
 * Bump when loading or splitting changes, so that every file is read and split again. 2: Markdown template tags
 * removed and redirect stubs skipped (an index built before still holds them for unchanged files).
 */
export const splitterVersion = 2;

export type { IngestOptions, IngestSummary } from "./ingest-types.js";
export type { IngestStage };

/**
 * The ingest pipeline: check and list the sources -> plan (versions against the index's) -> read, load and split,
 * embed and index (overlapped: each document's chunks are embedded while the next one loads, each batch indexed
 * while the next is embedded) -> write and publish. Everything is written into a new generation; the current one is
 * only replaced, atomically (a rename, or a transaction), once the new one is complete. Bad documents are reported
 * and skipped, a source that cannot be read keeps its documents; a fatal error leaves the index as it was.
 */
export async function ingestDocuments(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const sources = chooseSources(options);
  const checked = await checkSources(sources.selected, options.signal);
  if (checked.usable.length === 0) await failRun(options, sources.configured, checked.failedSources);
  const lock = await options.store.lockIngest();
  try {
    const { previous, repair } = await prepareIndex(options);
    progress("scanning", 0, 1);
    const scan = await scanSources(options, sources, checked, previous);
    progress("scanning", 1, 1);
    return await buildGeneration(options, { started, progress, previous, repair, scan });
  } finally {
    await lock.release();
  }
}

/** Leftovers of an earlier run cleaned up, the `--docs` trap checked, and the generation this run builds on. */
async function prepareIndex(options: IngestOptions): Promise<ReusableGeneration> {
  const { store } = options;
  const pointer = await readPointer(store);
  await store.cleanUp(pointer.current ?? (await store.listGenerations()).at(-1) ?? null);
  if (!options.rebuild) await checkSameDocsFolder(options, pointer.current);
  return findReusableGeneration(
    { ...options, embedderId: options.embedder.id, chunking: { ...options.chunking, splitterVersion } },
    pointer,
  );
}

/** The sources configured (by name), and those this run asks. */
interface SourceChoice {
  configured: string[];
  selected: readonly DocumentSource[];
}

function chooseSources(options: IngestOptions): SourceChoice {
  const only = options.only;
  const selected =
    only === undefined ? options.sources : options.sources.filter((source) => only.includes(source.name));
  return { configured: options.sources.map((source) => source.name), selected };
}

interface Scan {
  sources: SourceChoice;
  /** The sources listed without failing. */
  synced: string[];
  listing: SourcesListing;
  /** The documents that could not be listed and the sources that could not be, as report lines. */
  listingFailures: FileProblem[];
  plan: ChangePlan;
}

/** Lists every usable source once and plans the changes; fails when no source could be listed. */
async function scanSources(
  options: IngestOptions,
  sources: SourceChoice,
  checked: Awaited<ReturnType<typeof checkSources>>,
  previous: Manifest | null,
): Promise<Scan> {
  const { configured, selected } = sources;
  const listing = await listSources(checked.usable, options.signal, previous, configured);
  listing.failedSources.unshift(...checked.failedSources);
  const failedNames = listing.failedSources.map((failure) => failure.name);
  for (const failure of listing.failedSources) {
    const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
    options.logger.warn({ source: failure.name, reason }, "source not synced");
  }
  if (failedNames.length === selected.length) await failRun(options, configured, listing.failedSources);
  const listingFailures = [...listing.failed, ...listing.failedSources.map(describeFailure)];
  const notAsked = configured.filter((name) => !selected.some((source) => source.name === name));
  const plan = planChanges(listing.listed, previous, {
    keys: new Set(listing.failed.map((problem) => problem.source)),
    folders: new Set(listing.failedFolders),
    sources: new Set([...failedNames, ...notAsked]),
  });
  const synced = checked.usable.map((source) => source.name).filter((name) => !failedNames.includes(name));
  return { sources, synced, listing, listingFailures, plan };
}

interface RunState {
  started: number;
  progress: (stage: IngestStage, done: number, total: number) => void;
  previous: Manifest | null;
  repair: IndexRepair | null;
  scan: Scan;
}

/**
 * Reads, loads, splits and embeds the added and updated documents into a new generation, then publishes it; when
 * nothing changed the generation is discarded and the run recorded against the current one.
 */
async function buildGeneration(options: IngestOptions, state: RunState): Promise<IngestSummary> {
  const { previous, repair, progress } = state;
  const { plan } = state.scan;
  const toLoad = [...plan.added, ...plan.updated];
  const builder = beginGeneration(options.store, {
    name: newGenerationName(new Date()),
    previous,
    embedderId: options.embedder.id,
    damaged: repair?.generation ?? null,
  });
  try {
    const loaded = await loadSplitAndEmbed(toLoad, {
      ...options,
      limits: options.limits ?? defaultIngestLimits,
      onBatch: (batch) => builder.add(batch),
      onLoaded: (done) => progress("loading", done, toLoad.length),
      onEmbedded: (done, queued) => progress("embedding", done, queued),
    });
    throwIfCancelled(options.signal);
    const outcome = describeOutcome(options, state, loaded);
    // Files that failed again (or newly) change nothing in the index: keep the generation, record the run.
    if (previous && !repair && outcome.replacedSources.size === 0) {
      builder.discard();
      return await finish(options, outcome.run(), previous, outcome.report);
    }
    progress("writing", 0, 1);
    const manifest = await builder.commit({
      replacedSources: outcome.replacedSources,
      split: loaded.split,
      dimensions: loaded.dimensions ?? previous?.embedder.dimensions ?? (await probeDimensions(options)),
      chunking: { ...options.chunking, splitterVersion },
      run: outcome.run(),
      docsDir: options.docsDir === undefined ? previous?.docsDir : path.resolve(options.docsDir),
      sourceStates: state.scan.listing.states,
    });
    progress("writing", 1, 1);
    return await finish(options, manifest.lastRun, manifest, outcome.report, repair);
  } catch (error) {
    builder.discard();
    throw error;
  }
}

/**
 * What the run did, from the plan and what loading found: the documents whose chunks are replaced (removed,
 * emptied, or read again), the run's counts (taken when asked, for its duration), and the report's lists.
 */
function describeOutcome(
  options: IngestOptions,
  state: RunState,
  loaded: Awaited<ReturnType<typeof loadSplitAndEmbed>>,
) {
  const { listing, listingFailures, plan } = state.scan;
  const { split, failed: loadFailures, empty } = loaded;
  for (const file of empty) options.logger.info({ source: file.source }, "file skipped (no content)");
  // A page that lost its content (now a redirect stub) leaves the index.
  const emptied = empty
    .filter((file) => state.previous?.files[file.source] !== undefined)
    .map((file) => file.source);
  const failed = [...listingFailures, ...loadFailures].sort((a, b) => (a.source < b.source ? -1 : 1));
  const added = new Set(plan.added.map((document) => document.source));
  const run = (): RunSummary => ({
    added: split.filter(({ file }) => added.has(file.source)).length,
    updated: split.filter(({ file }) => !added.has(file.source)).length,
    removed: plan.removed.length + emptied.length,
    unchanged: plan.unchanged.length,
    skipped: listing.skipped.length + empty.length,
    failed,
    durationMs: Math.round(performance.now() - state.started),
  });
  const skippedFiles = { notDocuments: listing.skipped, withoutText: empty.map((file) => file.source) };
  return {
    replacedSources: new Set([...plan.removed, ...emptied, ...split.map(({ file }) => file.source)]),
    run,
    report: {
      skippedFiles,
      sourcesAsked: state.scan.sources.selected.map((source) => source.name),
      failedSources: listing.failedSources.map((failure) => failure.name),
      syncs: {
        configured: state.scan.sources.configured,
        synced: state.scan.synced,
        failed: listing.failedSources,
        listingMs: listing.listingMs,
      },
    },
  };
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw ingestCancelled();
}

async function probeDimensions(options: IngestOptions): Promise<number> {
  const vector = await options.embedder.embedQuery("dimension probe");
  if (vector.length === 0)
    throw new DocentError("EMBEDDINGS_FAILED", "The embedder returned an empty vector");
  return vector.length;
}

type SyncOutcome = {
  configured: readonly string[];
  synced: readonly string[];
  failed: readonly SourceFailure[];
  listingMs?: Readonly<Record<string, number>>;
};

async function finish(
  options: IngestOptions,
  run: RunSummary,
  manifest: Manifest,
  {
    syncs,
    ...report
  }: Pick<IngestSummary, "skippedFiles" | "failedSources" | "sourcesAsked"> & { syncs: SyncOutcome },
  repair: IndexRepair | null = null,
): Promise<IngestSummary> {
  const counts = {
    ...run,
    documents: manifest.counts.documents,
    chunks: manifest.counts.chunks,
    generation: manifest.generation,
  };
  const documentsPerScope: Record<string, number> = {};
  for (const file of Object.values(manifest.files))
    documentsPerScope[file.scope] = (documentsPerScope[file.scope] ?? 0) + 1;
  const docsDir = options.docsDir === undefined ? {} : { docsDir: path.resolve(options.docsDir) };
  const summary: IngestSummary = {
    ...counts,
    ...docsDir,
    ...report,
    documentsPerScope,
    ...(repair === null ? {} : { repaired: repair }),
  };
  // The generation is already live: a record that cannot be written (a full disk) costs `status` its last-run
  // line, not the run its success.
  const finishedAt = new Date().toISOString();
  const sources = nextSourceSyncs(await options.store.readLastRun(), { ...syncs, at: finishedAt });
  await options.store.recordLastRun({ ...counts, finishedAt, sources }).catch((error: unknown) => {
    options.logger.warn({ err: error }, "the record of this ingest run could not be written");
  });
  options.logger.info({ ...counts, failed: summary.failed.length }, "ingest finished");
  return summary;
}

export type { FileProblem };
