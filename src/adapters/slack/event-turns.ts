/**
 * Bolt acknowledges an Events API request before running the middleware and listeners, but each event's work
 * (the listener's synchronous start, then its Web API calls and the answer pipeline as their replies come back)
 * runs on the same event loop as the acks of the requests still arriving. Node accepts one new connection per
 * event-loop iteration, so during a burst every iteration made longer by earlier events' work delays the next
 * connection's ack. So an event's work waits its turn: until no request has arrived for `quietMs` (or it has waited
 * `maxHoldMs`), then one event per loop iteration, in arrival order, so that pending I/O (the next requests and
 * their acks) is served between two events' starts. When idle this costs `quietMs` and one setImmediate.
 */
export interface EventTurns {
  /** A request arrived (called for every request, before its work waits for its turn). */
  arrived(): void;
  /** Resolves when this event's work may start. */
  next(): Promise<void>;
}

export interface EventTurnOptions {
  quietMs: number;
  maxHoldMs: number;
}

export const defaultEventTurnOptions: EventTurnOptions = { quietMs: 20, maxHoldMs: 1000 };

export function createEventTurns(options: EventTurnOptions = defaultEventTurnOptions): EventTurns {
  const { quietMs, maxHoldMs } = options;
  let lastArrival = Number.NEGATIVE_INFINITY;
  let last: Promise<void> = Promise.resolve();
  const waitForQuiet = async (heldSince: number) => {
    for (;;) {
      const now = performance.now();
      const wait = Math.min(lastArrival + quietMs, heldSince + maxHoldMs) - now;
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
    }
  };
  return {
    arrived() {
      lastArrival = performance.now();
    },
    next() {
      const heldSince = performance.now();
      const turn = last
        .then(() => waitForQuiet(heldSince))
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)));
      last = turn;
      return turn;
    },
  };
}
