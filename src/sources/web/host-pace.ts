import { performance } from "node:perf_hooks";
import { waitFor } from "../http/retry-delay.js";

/** How requests to the site's host are spaced: not at all, or as far apart as robots.txt's Crawl-delay asks. */
export interface HostPace {
  /** The spacing to keep from now on, in milliseconds (0: none, requests run side by side). */
  setDelay(ms: number): void;
  /**
   * Runs one request to the host. With a delay, requests run one at a time, each starting at least the delay after
   * the previous one was answered; without, at once. Cancelling the signal stops the wait.
   */
  run<Result>(request: () => Promise<Result>, signal?: AbortSignal): Promise<Result>;
}

export function createHostPace(): HostPace {
  let delayMs = 0;
  let lastAnswered = Number.NEGATIVE_INFINITY;
  let turns: Promise<unknown> = Promise.resolve();
  const timed = async <Result>(request: () => Promise<Result>): Promise<Result> => {
    try {
      return await request();
    } finally {
      lastAnswered = performance.now();
    }
  };
  return {
    setDelay(ms) {
      delayMs = ms;
    },
    run(request, signal) {
      if (delayMs <= 0) return timed(request);
      const turn = turns.then(async () => {
        await waitUntil(lastAnswered + delayMs, signal);
        return timed(request);
      });
      turns = turn.catch(() => undefined);
      return turn;
    },
  };
}

/** Waits until the monotonic clock reaches `time` (a timer may fire a little early: it is checked again). */
async function waitUntil(time: number, signal?: AbortSignal): Promise<void> {
  for (let left = time - performance.now(); left > 0; left = time - performance.now()) {
    await waitFor(Math.ceil(left), signal);
  }
  if (signal?.aborted) await waitFor(0, signal);
}
