/**
 * Bolt acknowledges an Events API request before running the middleware and listeners, but the listener's first
 * synchronous stretch (logging, Web API client calls being set up, the core's question) would still run on the
 * same event loop ahead of the other requests already waiting to be read and acknowledged. Each event instead
 * waits for its own turn: one event per loop iteration, in arrival order, so pending I/O (the next requests'
 * acks) is served between two events' starts. When idle this costs one setImmediate.
 */
export function createEventTurns(): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => {
    const turn = last.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    last = turn;
    return turn;
  };
}
