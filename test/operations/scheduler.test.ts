import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ReindexResult } from "../../src/chat-core/chat-core.js";
import { createChatCore } from "../../src/chat-core/create-chat-core.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { parseReingestSchedule } from "../../src/config/reingest-schedule.js";
import { isDocentError } from "../../src/errors.js";
import type { IngestLock } from "../../src/index-store/index-store.js";
import { createOperationsMetrics } from "../../src/operations/metrics.js";
import { type RunningScheduler, startReingestScheduler } from "../../src/operations/reingest-scheduler.js";
import { createChatFixture, ingestCommand, ingestEnv } from "../chat-core/chat-fixture.js";
import { createRecordingLogger } from "../embeddings/recording-logger.js";
import { parsePrometheusText, sampleValue } from "./metrics-text.js";

const finished: ReindexResult = { outcome: "done", summary: null, generation: "gen-2" };
const schedulers: RunningScheduler[] = [];
afterEach(() => {
  while (schedulers.length > 0) schedulers.pop()?.stop();
  vi.useRealTimers();
});

function schedule(text: string, reindex: () => Promise<ReindexResult>) {
  const logger = createRecordingLogger();
  const scheduler = startReingestScheduler({ schedule: parseReingestSchedule(text), reindex, logger });
  schedulers.push(scheduler);
  return { scheduler, logs: logger.entries };
}

describe("the re-ingest scheduler (fake clock)", () => {
  it("runs a cron schedule at the matching minute, not before, then plans the next day", async () => {
    vi.useFakeTimers({ now: new Date(2024, 4, 1, 2, 0) });
    const reindex = vi.fn(async () => finished);
    const { scheduler, logs } = schedule("0 3 * * *", reindex);
    expect(scheduler.nextRunAt()).toEqual(new Date(2024, 4, 1, 3, 0));
    await vi.advanceTimersByTimeAsync(59 * 60_000 + 59_000);
    expect(reindex).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(reindex).toHaveBeenCalledTimes(1);
    expect(scheduler.nextRunAt()).toEqual(new Date(2024, 4, 2, 3, 0));
    expect(logs.map((entry) => entry.message)).toContain("scheduled re-ingest finished");
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(reindex).toHaveBeenCalledTimes(2);
  });

  it("waits the interval after each run has finished, so runs never overlap", async () => {
    vi.useFakeTimers({ now: new Date(2024, 4, 1, 12, 0) });
    let release: (() => void) | undefined;
    const reindex = vi.fn(
      () =>
        new Promise<ReindexResult>((resolve) => {
          release = () => resolve(finished);
        }),
    );
    const { scheduler } = schedule("90s", reindex);
    await vi.advanceTimersByTimeAsync(90_000);
    expect(reindex).toHaveBeenCalledTimes(1);
    expect(scheduler.nextRunAt()).toBeNull();
    await vi.advanceTimersByTimeAsync(10 * 60_000); // the run takes ten minutes
    expect(reindex).toHaveBeenCalledTimes(1);
    release?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.nextRunAt()).toEqual(new Date(2024, 4, 1, 12, 13, 0));
    await vi.advanceTimersByTimeAsync(90_000);
    expect(reindex).toHaveBeenCalledTimes(2);
  });

  it("logs a run refused by the lock as skipped at info level, a failed run as an error, and keeps going", async () => {
    vi.useFakeTimers({ now: new Date(2024, 4, 1, 12, 0) });
    const outcomes: Array<() => Promise<ReindexResult>> = [
      async () => ({ outcome: "locked", summary: null, generation: "gen-1" }),
      async () => ({
        outcome: "failed",
        summary: null,
        generation: "gen-1",
        failure: { code: "DOCS_NOT_FOUND", kind: "documents-not-found", message: "x" },
      }),
      async () => finished,
    ];
    const reindex = vi.fn(() => (outcomes.shift() as () => Promise<ReindexResult>)());
    const { logs } = schedule("1m", reindex);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(reindex).toHaveBeenCalledTimes(3);
    const outcomesLogged = logs
      .filter((entry) => entry.message !== "scheduled re-ingest started")
      .map((entry) => [entry.level, entry.message?.split(":")[0]]);
    expect(outcomesLogged).toEqual([
      ["info", "scheduled re-ingest planned"],
      ["info", "scheduled re-ingest skipped"],
      ["error", "scheduled re-ingest failed; the previous index keeps serving"],
      ["info", "scheduled re-ingest finished"],
    ]);
  });

  it("waits more than setTimeout's longest delay in steps, and runs nothing after stop", async () => {
    vi.useFakeTimers({ now: new Date(2024, 4, 1, 12, 0) });
    const reindex = vi.fn(async () => finished);
    const { scheduler } = schedule("30d", reindex);
    await vi.advanceTimersByTimeAsync(29 * 86_400_000);
    expect(reindex).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(reindex).toHaveBeenCalledTimes(1);
    scheduler.stop();
    expect(scheduler.nextRunAt()).toBeNull();
    await vi.advanceTimersByTimeAsync(60 * 86_400_000);
    expect(reindex).toHaveBeenCalledTimes(1);
  });
});

describe("scheduled re-ingest through the chat core (real child processes)", () => {
  it("re-ingests on schedule, and counts a run while another process holds the lock as skipped", async () => {
    const fixture = await createChatFixture();
    try {
      const metrics = createOperationsMetrics({ knowledge: fixture.service.knowledge, engine: null });
      const logger = createRecordingLogger();
      const core = createChatCore({
        platforms: chatPlatforms,
        config: fixture.config,
        service: fixture.service,
        logger,
        metrics,
        ingestCommand,
        ingestEnv,
      });
      const runs = async (result: string) =>
        sampleValue(parsePrometheusText(await metrics.registry.metrics()), "docent_ingest_runs_total", {
          result,
        });
      const waitForRuns = async (result: string, count: number) => {
        for (let attempt = 0; attempt < 600 && ((await runs(result)) ?? 0) < count; attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return runs(result);
      };
      const scheduler = startReingestScheduler({
        schedule: parseReingestSchedule("1s"),
        reindex: () => core.reindex(null),
        logger,
      });
      schedulers.push(scheduler);
      expect(await waitForRuns("success", 1)).toBeGreaterThanOrEqual(1);

      // Another replica (here: this test process, through the index store) takes the lock between two runs.
      const store = fixture.service.knowledge.store;
      let lock: IngestLock | undefined;
      for (let attempt = 0; attempt < 600 && lock === undefined; attempt += 1) {
        lock = await store.lockIngest().catch(async (error: unknown) => {
          if (!isDocentError(error, "INGEST_LOCKED")) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
          return undefined;
        });
      }
      expect(lock).toBeDefined();
      expect(await waitForRuns("skipped", 1)).toBeGreaterThanOrEqual(1);
      scheduler.stop();
      for (let attempt = 0; attempt < 600 && (await core.status()).reindexRunning; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await lock?.release();
      expect(await runs("failed")).toBe(0);
      const skipped = logger.entries.filter((entry) =>
        entry.message?.startsWith("scheduled re-ingest skipped"),
      );
      expect(skipped.length).toBeGreaterThanOrEqual(1);
      expect(skipped.every((entry) => entry.level === "info")).toBe(true);
      expect(logger.entries.some((entry) => entry.level === "error")).toBe(false);
    } finally {
      await rm(fixture.folder, { recursive: true, force: true });
    }
  }, 120_000);
});
