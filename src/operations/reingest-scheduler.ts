import type { ReindexResult } from "../chat-core/chat-core.js";
import { nextRunAfter, type ReingestSchedule } from "../config/reingest-schedule.js";
import type { Logger } from "../logging/logger.js";

export interface ReingestSchedulerOptions {
  schedule: ReingestSchedule;
  /** The chat core's reindex: a child `docent ingest` under the single-run lock; INGEST_LOCKED when it is held. */
  reindex(): Promise<ReindexResult>;
  logger: Logger;
}

export interface RunningScheduler {
  /** When the next run is due; null while one runs and after stop. */
  nextRunAt(): Date | null;
  /** No further runs; a run in progress finishes on its own (its child process holds the lock until then). */
  stop(): void;
}

/** setTimeout's longest delay is about 24.8 days; longer waits are taken in steps of a day. */
const longestWaitMs = 86_400_000;

/**
 * Re-ingests on a schedule through the chat core's reindex, one run at a time: the next run is planned when the
 * previous one has finished. Several replicas may share a schedule: the one that takes the ingest lock runs, the
 * others' runs are skipped (logged at info level, counted as skipped).
 */
export function startReingestScheduler(options: ReingestSchedulerOptions): RunningScheduler {
  const { schedule, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let nextAt: Date | null = null;
  let stopped = false;

  const plan = (after: Date) => {
    if (stopped) return;
    nextAt = nextRunAfter(schedule, after);
    wait();
  };
  const wait = () => {
    const delay = (nextAt?.getTime() ?? 0) - Date.now();
    timer = delay > longestWaitMs ? setTimeout(wait, longestWaitMs) : setTimeout(run, Math.max(0, delay));
    timer.unref();
  };
  const run = async () => {
    nextAt = null;
    await reindexOnce(options);
    plan(new Date());
  };

  plan(new Date());
  logger.info({ schedule: schedule.text, nextRunAt: nextAt }, "scheduled re-ingest planned");
  return {
    nextRunAt: () => nextAt,
    stop() {
      stopped = true;
      nextAt = null;
      clearTimeout(timer);
    },
  };
}

async function reindexOnce({ reindex, logger, schedule }: ReingestSchedulerOptions): Promise<void> {
  logger.info({ schedule: schedule.text }, "scheduled re-ingest started");
  try {
    const result = await reindex();
    const fields = {
      outcome: result.outcome,
      generation: result.generation,
      failed: result.summary?.failed.length,
      failure: result.failure?.code,
    };
    if (result.outcome === "done" || result.outcome === "partial")
      logger.info(fields, "scheduled re-ingest finished");
    else if (result.outcome === "locked") {
      logger.info(
        fields,
        "scheduled re-ingest skipped: another ingest (the CLI, chat or another replica) holds the lock",
      );
    } else logger.error(fields, "scheduled re-ingest failed; the previous index keeps serving");
  } catch (error) {
    logger.error({ err: error }, "scheduled re-ingest could not run");
  }
}
