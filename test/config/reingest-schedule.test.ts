import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { nextRunAfter, parseReingestSchedule } from "../../src/config/reingest-schedule.js";

const load = (environment: Record<string, string>) =>
  loadConfig({ environment, envFile: null, cwd: "/srv/docent" });

/** A local date (cron expressions are read in the process's time zone). */
const local = (year: number, month: number, day: number, hour = 0, minute = 0) =>
  new Date(year, month - 1, day, hour, minute);

describe("DOCENT_REINGEST_SCHEDULE", () => {
  it("reads intervals in seconds, minutes, hours and days", () => {
    expect(parseReingestSchedule("90s")).toEqual({ kind: "interval", everyMs: 90_000, text: "90s" });
    expect(parseReingestSchedule("30m")).toMatchObject({ kind: "interval", everyMs: 1_800_000 });
    expect(parseReingestSchedule(" 6h ")).toMatchObject({
      kind: "interval",
      everyMs: 21_600_000,
      text: "6h",
    });
    expect(parseReingestSchedule("1d")).toMatchObject({ kind: "interval", everyMs: 86_400_000 });
    const after = new Date("2024-05-01T10:00:00Z");
    expect(nextRunAfter(parseReingestSchedule("30m"), after)).toEqual(new Date("2024-05-01T10:30:00Z"));
  });

  it("reads 5-field cron expressions and finds the next matching minute", () => {
    const nightly = parseReingestSchedule("0 3 * * *");
    expect(nightly).toEqual({ kind: "cron", expression: "0 3 * * *", text: "0 3 * * *" });
    expect(nextRunAfter(nightly, local(2024, 5, 1, 10, 0))).toEqual(local(2024, 5, 2, 3, 0));
    expect(nextRunAfter(nightly, local(2024, 5, 1, 2, 59))).toEqual(local(2024, 5, 1, 3, 0));
    const quarterly = parseReingestSchedule("*/15 * * * *");
    expect(nextRunAfter(quarterly, local(2024, 5, 1, 10, 7))).toEqual(local(2024, 5, 1, 10, 15));
    // Weekdays only: Friday 2024-05-03 at 04:00 -> Monday 2024-05-06 at 03:00.
    const weekdays = parseReingestSchedule("0 3 * * 1-5");
    expect(nextRunAfter(weekdays, local(2024, 5, 3, 4, 0))).toEqual(local(2024, 5, 6, 3, 0));
    expect(parseReingestSchedule("@daily")).toMatchObject({ kind: "cron" });
  });

  it.each([
    ["0s", "longer than 0"],
    ["400d", "at most 366d"],
    ["90", "exactly five"],
    ["every hour", "exactly five"],
    ["5 m h", "exactly five"],
    ["0 3 * * * *", "exactly 5 parts"],
    ["61 * * * *", "minute"],
    ["0 25 * * *", "hour"],
    ["0 0 31 2 *", "never matches"],
  ])("rejects %j with CONFIG_INVALID naming the variable", (value, reason) => {
    expect(() => load({ DOCENT_REINGEST_SCHEDULE: value })).toThrow(
      expect.objectContaining({
        name: "DocentError",
        code: "CONFIG_INVALID",
        message: expect.stringMatching(new RegExp(`DOCENT_REINGEST_SCHEDULE.*${reason}`)),
      }),
    );
  });

  it("is optional, and a valid value reaches the configuration as written", () => {
    expect(load({}).operations.reingestSchedule).toBeUndefined();
    expect(load({ DOCENT_REINGEST_SCHEDULE: "0 3 * * *" }).operations.reingestSchedule).toBe("0 3 * * *");
  });
});
