import type { Config } from "../config/config.js";
import { DocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { ReindexActor, ReindexOutcome, ReindexProgress, ReindexResult } from "./chat-core.js";
import type { ChatMetrics } from "./chat-metrics.js";
import { runIngestProcess } from "./run-ingest-process.js";

export interface ReindexRunnerOptions {
  config: Readonly<Config>;
  logger: Logger;
  metrics: ChatMetrics;
  /** How to run the docent CLI in a child process. */
  ingestCommand: string[];
  ingestEnv: NodeJS.ProcessEnv;
  /** Whether the actor may reindex (the access policy's admins). */
  isAdmin: (actor: ReindexActor) => boolean;
  /** The generation served now; loads a newly published one. */
  servedGeneration: () => Promise<string | null>;
}

export interface ReindexRunner {
  reindex(
    actor: ReindexActor | null,
    onProgress?: (progress: ReindexProgress) => void,
  ): Promise<ReindexResult>;
  /** Whether a reindex started here is running (status shows it). */
  running(): boolean;
  /** Asks a running reindex to stop (it cancels; the current generation stays) and waits for it. */
  close(): Promise<void>;
}

/** The chat core's reindex: an admin's or the operator's, one at a time, in a child process (run-ingest-process.ts). */
export function createReindexRunner(options: ReindexRunnerOptions): ReindexRunner {
  const { logger, metrics } = options;
  let reindexRunning = false;
  let running: Promise<unknown> | null = null;
  const stopping = new AbortController();

  async function runReindex(
    actor: ReindexActor | null,
    onProgress?: (progress: ReindexProgress) => void,
  ): Promise<ReindexResult> {
    if (stopping.signal.aborted) {
      throw new DocentError("CANCELLED", "The bot is shutting down; no reindex is started.");
    }
    // Nothing is awaited before the running flag is set: a second call in the same tick must see it.
    if (actor !== null && !options.isAdmin(actor)) {
      logger.warn({ platform: actor.platform, userId: actor.userId }, "reindex refused: not an admin");
      return { outcome: "refused", summary: null, generation: await options.servedGeneration() };
    }
    if (reindexRunning) {
      metrics.ingestFinished("locked");
      logger.info({}, "reindex skipped: one started from chat or the schedule is already running");
      return { outcome: "locked", summary: null, generation: await options.servedGeneration() };
    }
    reindexRunning = true;
    try {
      return await runChild(options, stopping.signal, onProgress);
    } finally {
      reindexRunning = false;
    }
  }

  return {
    reindex(actor, onProgress) {
      const run = runReindex(actor, onProgress);
      running = run.catch(() => undefined);
      return run;
    },
    running: () => reindexRunning,
    async close() {
      stopping.abort();
      await running;
    },
  };
}

/** One ingest in a child process, its outcome counted and logged, the generation served after it. */
async function runChild(
  options: ReindexRunnerOptions,
  signal: AbortSignal,
  onProgress?: (progress: ReindexProgress) => void,
): Promise<ReindexResult> {
  const { config, logger, metrics } = options;
  const run = await runIngestProcess({
    command: options.ingestCommand,
    // An operator's DOCENT_DOCS_DIR is passed on (and must be the index's folder); without one, the child
    // updates the index from the folder it was built from, as a plain `docent ingest` does.
    docsDir: config.docsDirChosen ? config.docsDir : null,
    indexDir: config.indexDir,
    env: options.ingestEnv,
    onProgress,
    onOutput: (lines) => {
      if (lines.length > 0) logger.warn({ lines }, "ingest process output");
    },
    signal,
  }).catch((error: unknown) => {
    metrics.ingestFinished("failed"); // the child could not be started at all
    throw error;
  });
  const outcome = reindexOutcome(run.exitCode);
  metrics.ingestFinished(outcome);
  // On success the new generation is loaded now rather than at the next question; on failure the old one stays.
  const generation = await options.servedGeneration();
  const result: ReindexResult = { outcome, summary: run.summary, generation };
  const failure = run.failure;
  const fields = { outcome, generation, failed: run.summary?.failed.length, failure: failure?.code };
  if (failure === undefined) logger.info(fields, "reindex finished");
  else {
    // The admin's reply names only the kind of failure; the reason, with paths and codes, is for the log.
    result.failure = failure;
    logger.warn({ ...fields, failureKind: failure.kind, reason: failure.message }, "reindex finished");
  }
  return result;
}

/** The ingest CLI's exit status, read once: 0 all ingested, 2 some files failed, 3 another run held the lock. */
function reindexOutcome(exitCode: number): Exclude<ReindexOutcome, "refused"> {
  if (exitCode === 0) return "done";
  if (exitCode === 2) return "partial";
  if (exitCode === 3) return "locked";
  return "failed";
}
