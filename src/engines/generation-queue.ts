import { DocentError } from "../errors.js";

/**
 * A first-in, first-out gate in front of one engine: at most `concurrency` generations run at once, at most
 * `queueLimit` wait (more are refused at once as RATE_LIMITED), and every waiter hears its 1-based place in line
 * when it joins and each time it moves up. A waiter whose signal aborts leaves the line.
 */
export interface GenerationQueue {
  /** Resolves with a release function once it is this caller's turn. */
  acquire(options?: QueueOptions): Promise<() => void>;
  /** Callers waiting for a turn. */
  queueLength(): number;
  /** Generations running now. */
  running(): number;
}

export interface QueueOptions {
  signal?: AbortSignal | undefined;
  onQueuePosition?: ((position: number) => void) | undefined;
}

interface Waiter {
  start: () => void;
  onQueuePosition: ((position: number) => void) | undefined;
}

export function createGenerationQueue(concurrency: number, queueLimit: number): GenerationQueue {
  const waiting: Waiter[] = [];
  let running = 0;

  const release = () => {
    running--;
    const next = waiting.shift();
    if (next === undefined) return;
    running++;
    next.start();
    tellPositions(waiting);
  };

  const acquire = (options: QueueOptions = {}): Promise<() => void> => {
    const { signal, onQueuePosition } = options;
    if (signal?.aborted) return Promise.reject(cancelledWhileWaiting());
    if (running < concurrency && waiting.length === 0) {
      running++;
      return Promise.resolve(once(release));
    }
    if (waiting.length >= queueLimit) {
      return Promise.reject(
        new DocentError("RATE_LIMITED", `${waiting.length} questions are already waiting for the engine`),
      );
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = waiting.indexOf(waiter);
        if (index === -1) return;
        waiting.splice(index, 1);
        tellPositions(waiting.slice(index), index);
        reject(cancelledWhileWaiting());
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(once(release));
        },
        onQueuePosition,
      };
      waiting.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
      tell(waiter, waiting.length);
    });
  };

  return { acquire, queueLength: () => waiting.length, running: () => running };
}

function tellPositions(waiters: readonly Waiter[], offset = 0): void {
  for (const [index, waiter] of waiters.entries()) tell(waiter, offset + index + 1);
}

/** A listener's failure must not break the line for everyone else. */
function tell(waiter: Waiter, position: number): void {
  try {
    waiter.onQueuePosition?.(position);
  } catch {}
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}

function cancelledWhileWaiting(): DocentError {
  return new DocentError("CANCELLED", "The question was cancelled while it waited for the engine");
}
