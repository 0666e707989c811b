import type { ReindexResult } from "../chat-core/chat-core.js";
import type { Config } from "../config/config.js";
import { parseReingestSchedule } from "../config/reingest-schedule.js";
import type { Logger } from "../logging/logger.js";
import type { OperationsMetrics } from "./metrics.js";
import { startOpsServer } from "./ops-server.js";
import type { ReadinessCheck } from "./readiness.js";
import { runReadinessChecks } from "./readiness.js";
import { startReingestScheduler } from "./reingest-scheduler.js";

export interface OperationsOptions {
  settings: Config["operations"];
  metrics: OperationsMetrics;
  checks: Readonly<Record<string, ReadinessCheck>>;
  /** The chat core's reindex, for scheduled runs. */
  reindex(): Promise<ReindexResult>;
  logger: Logger;
}

export interface RunningOperations {
  /** The ops listener's port; null when DOCENT_OPS_PORT=off. */
  port: number | null;
  stop(): Promise<void>;
}

/** A check that has not answered within this long counts as failed, so /readyz answers in time for a probe. */
const readinessTimeoutMs = 4000;

/** What `docent start` runs beside the chat adapters: the ops listener and the re-ingest schedule, each if set. */
export async function startOperations(options: OperationsOptions): Promise<RunningOperations> {
  const { settings, logger } = options;
  const server =
    settings.port === null
      ? null
      : await startOpsServer({
          port: settings.port,
          host: settings.host,
          registry: options.metrics.registry,
          readiness: () => runReadinessChecks(options.checks, readinessTimeoutMs),
          logger,
        });
  const scheduler =
    settings.reingestSchedule === undefined
      ? null
      : startReingestScheduler({
          schedule: parseReingestSchedule(settings.reingestSchedule),
          reindex: options.reindex,
          logger,
        });
  return {
    port: server?.port ?? null,
    async stop() {
      scheduler?.stop();
      await server?.stop();
    },
  };
}
