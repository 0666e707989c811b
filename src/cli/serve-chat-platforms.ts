import type { AnswerService } from "../answer/answer-service.js";
import type { ChatCore } from "../chat-core/chat-core.js";
import { createChatCore } from "../chat-core/create-chat-core.js";
import type { Config } from "../config/config.js";
import { isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import { createOperationsMetrics } from "../operations/metrics.js";
import { readinessChecks } from "../operations/readiness-checks.js";
import { startOperations } from "../operations/start-operations.js";
import type { ChatPlatform, RunningPlatform } from "../platforms/chat-platform.js";
import { createSharedState } from "../shared-state/create-shared-state.js";

export interface ServeOptions {
  config: Readonly<Config>;
  service: AnswerService;
  logger: Logger;
  /** The platforms listed (chat-platforms.ts in `docent start`, a test's own list); the configured ones start. */
  platforms: readonly ChatPlatform[];
}

export interface Serving {
  /** The ops listener's port; null when DOCENT_OPS_PORT=off. */
  opsPort: number | null;
  /** Stops the platforms and the ops listener (each bounds its own stop), then the chat core and the shared state. */
  stop(): Promise<void>;
}

/**
 * The composition root of a serving docent: the shared state, the chat core over the listed platforms' access
 * rules, the ops listener (/healthz, /readyz with one check per platform, /metrics) and the re-ingest schedule, then
 * every configured platform, started in the order listed. A platform that cannot start stops what had started.
 */
export async function serveChatPlatforms(options: ServeOptions): Promise<Serving> {
  const { config, service, logger, platforms } = options;
  const state = await createSharedState(config, logger.child({ component: "state" }));
  const metrics = createOperationsMetrics({ knowledge: service.knowledge, engine: service.engine });
  const core = createChatCore({
    config,
    service,
    logger: logger.child({ component: "chat" }),
    platforms,
    seenEvents: state.seenEvents,
    feedback: state.feedback,
    metrics,
  });
  const running: Array<{ stop(): Promise<void> }> = [];
  const stop = async () => {
    await Promise.allSettled(running.map((part) => part.stop()));
    await core.close();
    await state.close();
  };
  const configured = platforms.filter((platform) => config.platforms[platform.name] !== undefined);
  const started = new Map<string, RunningPlatform>();
  const connections = Object.fromEntries(
    configured.map((platform) => [
      platform.name,
      { connected: () => started.get(platform.name)?.connected() ?? false },
    ]),
  );
  try {
    await loadIndex(service, logger);
    void reportEngineReadiness(service, logger);
    const operations = await startOperations({
      settings: config.operations,
      metrics,
      checks: readinessChecks({
        knowledge: service.knowledge,
        engine: service.engine,
        adapters: connections,
      }),
      reindex: () => core.reindex(null),
      logger: logger.child({ component: "operations" }),
    });
    running.push(operations);
    const facts = await startPlatforms(options, core, (name, part) => {
      started.set(name, part);
      running.push(part);
    });
    const schedule = config.operations.reingestSchedule ?? null;
    logger.info(
      { ...facts, opsPort: operations.port, reingestSchedule: schedule, engine: service.engineId },
      "docent is running",
    );
    return { opsPort: operations.port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts every configured platform, in the order listed, telling `started` of each; the facts of the "docent is
 * running" line: each listed platform's name with whether it is configured, and what the running ones add.
 */
async function startPlatforms(
  options: ServeOptions,
  core: ChatCore,
  started: (name: string, running: RunningPlatform) => void,
): Promise<Record<string, unknown>> {
  const facts: Record<string, unknown> = {};
  for (const platform of options.platforms) {
    const settings = options.config.platforms[platform.name];
    facts[platform.name] = settings !== undefined;
    if (settings === undefined) continue;
    const logger = options.logger.child({ component: platform.name });
    const running = await platform.start(settings, { core, logger });
    started(platform.name, running);
    Object.assign(facts, running.facts?.());
  }
  return facts;
}

/** Loads the current index before serving, so the first question and /readyz need not wait for it. */
async function loadIndex(service: AnswerService, logger: Logger): Promise<void> {
  try {
    await service.knowledge.current();
  } catch (error) {
    const code = isDocentError(error) ? error.code : "INTERNAL";
    logger.warn({ err: error, code }, "the index could not be loaded; /readyz reports it until it can");
  }
}

/**
 * Whether the language model can answer, said once at start (a model not pulled shows here, not only at the first
 * question): a warning with what fixes it, or an info line. /readyz keeps asking; this never delays the start.
 */
async function reportEngineReadiness(service: AnswerService, logger: Logger): Promise<void> {
  const engine = service.engine;
  if (engine === null || engine.checkReachable === undefined) return;
  const { reachable, detail, fix } = await engine.checkReachable();
  if (reachable) logger.info({ engine: engine.id, detail }, "language model ready");
  else logger.warn({ engine: engine.id, detail, fix }, `language model not ready: ${detail}`);
}
