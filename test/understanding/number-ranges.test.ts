import { describe, expect, it } from "vitest";
import { withinRange } from "../../src/understanding/number-ranges.js";

describe("withinRange", () => {
  it("finds the band a number falls in, written in any of the usual ways", () => {
    expect(withinRange(5, "Between 3 and 15 years: 6 hours per pay period")).toBe(true);
    expect(withinRange(4, "| 3 to 4 | 26 |")).toBe(true);
    expect(withinRange(2, "Fewer than 3 years: 4 hours")).toBe(true);
    expect(withinRange(6, "After 5 years' service")).toBe(true);
    expect(withinRange(12, "Teams of 10 or more")).toBe(true);
    expect(withinRange(5, "after five years of service")).toBe(true);
  });

  it("leaves out numbers outside the band, dates and times", () => {
    expect(withinRange(2, "Between 3 and 15 years")).toBe(false);
    expect(withinRange(3, "Fewer than 3 years")).toBe(false);
    expect(withinRange(5, "Open 09:00-17:00 on 2026-12-03")).toBe(false);
    expect(withinRange(20, "Between 3 and 15 years")).toBe(false);
  });
});
