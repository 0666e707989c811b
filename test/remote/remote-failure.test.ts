import { describe, expect, it } from "vitest";
import { computeRetryDelayMs, describeFailure, readRetryAfterMs } from "../../src/remote/remote-failure.js";

describe("readRetryAfterMs", () => {
  it("reads seconds, milliseconds (OpenAI's retry-after-ms) and HTTP dates", () => {
    expect(readRetryAfterMs({ headers: new Headers({ "retry-after": "2" }) })).toBe(2000);
    expect(readRetryAfterMs({ headers: new Headers({ "retry-after-ms": "150", "retry-after": "9" }) })).toBe(
      150,
    );
    const inFiveSeconds = new Date(Date.now() + 5000).toUTCString();
    const fromDate = readRetryAfterMs({ headers: { "retry-after": inFiveSeconds } }) ?? -1;
    expect(fromDate).toBeGreaterThan(3000);
    expect(fromDate).toBeLessThanOrEqual(5000);
    expect(readRetryAfterMs({ headers: new Headers({ "retry-after": "soon" }) })).toBeUndefined();
    expect(readRetryAfterMs(new Error("no headers"))).toBeUndefined();
  });
});

describe("computeRetryDelayMs", () => {
  it("doubles from 500 ms with jitter in the upper half, capped at 30 s", () => {
    for (const [attempt, ceiling] of [
      [0, 500],
      [1, 1000],
      [3, 4000],
      [10, 30_000],
    ] as const) {
      const delay = computeRetryDelayMs(attempt, undefined);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it("uses the server's Retry-After, capped at two minutes", () => {
    expect(computeRetryDelayMs(0, 7000)).toBe(7000);
    expect(computeRetryDelayMs(0, 3_600_000)).toBe(120_000);
  });
});

describe("describeFailure", () => {
  it("retries 408, 409, 429 and 5xx only", () => {
    const retryable = [400, 401, 403, 404, 408, 409, 422, 429, 500, 503].filter(
      (status) => describeFailure({ status }).retryable,
    );
    expect(retryable).toEqual([408, 409, 429, 500, 503]);
    expect(describeFailure({ status_code: 502 })).toMatchObject({
      retryable: true,
      status: 502,
      reason: "HTTP 502",
    });
  });

  it("finds socket errors in the cause chain and does not retry an unknown host", () => {
    const refused = new TypeError("fetch failed", {
      cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }),
    });
    expect(describeFailure(refused)).toMatchObject({
      retryable: true,
      reason: "connection refused (ECONNREFUSED)",
    });
    const unknownHost = new TypeError("fetch failed", {
      cause: Object.assign(new Error("x"), { code: "ENOTFOUND" }),
    });
    expect(describeFailure(unknownHost)).toMatchObject({
      retryable: false,
      reason: "connection failed (ENOTFOUND)",
    });
  });
});
