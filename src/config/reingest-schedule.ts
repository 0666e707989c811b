import { Cron } from "croner";
import type { DocentError } from "../errors.js";
import { configProblem } from "./config-problem.js";

/**
 * DOCENT_REINGEST_SCHEDULE: an interval ("90s", "30m", "6h", "1d": the next run that long after the previous one
 * finished) or a 5-field cron expression ("0 3 * * *", minute hour day-of-month month day-of-week, in the
 * process's time zone; @hourly, @daily, @weekly and @monthly too).
 */
export type ReingestSchedule =
  | { kind: "interval"; everyMs: number; text: string }
  | { kind: "cron"; expression: string; text: string };

const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const intervalPattern = /^(\d+)\s*([smhd])$/;
/** A year: anything longer is more likely a typo than a plan. */
const longestIntervalMs = 366 * unitMs.d;

export function parseReingestSchedule(text: string): ReingestSchedule {
  const trimmed = text.trim();
  const interval = intervalPattern.exec(trimmed);
  if (interval) {
    const everyMs = Number(interval[1]) * unitMs[interval[2] as keyof typeof unitMs];
    if (everyMs <= 0 || everyMs > longestIntervalMs) {
      throw invalid(text, "an interval must be longer than 0 and at most 366d");
    }
    return { kind: "interval", everyMs, text: trimmed };
  }
  let cron: Cron;
  try {
    cron = new Cron(trimmed, { paused: true, mode: "5-part" });
  } catch (error) {
    throw invalid(text, (error as Error).message.replace(/^CronPattern: /, ""));
  }
  if (cron.nextRun() === null) throw invalid(text, "the cron expression never matches a date");
  return { kind: "cron", expression: trimmed, text: trimmed };
}

/** When the next scheduled run is due, given when the previous one finished (or the scheduler started). */
export function nextRunAfter(schedule: ReingestSchedule, after: Date): Date {
  if (schedule.kind === "interval") return new Date(after.getTime() + schedule.everyMs);
  const next = new Cron(schedule.expression, { paused: true, mode: "5-part" }).nextRun(after);
  if (next === null) throw invalid(schedule.text, "the cron expression never matches a date");
  return next;
}

function invalid(text: string, reason: string): DocentError {
  return configProblem(
    `Fix DOCENT_REINGEST_SCHEDULE (${JSON.stringify(text)}): ${reason}. ` +
      'Use an interval such as "90s", "30m", "6h" or "1d", or a 5-field cron expression such as "0 3 * * *".',
  );
}
