/**
 * Where each ack of a burst spent its time, seen from the bot's (main) thread: when its request was parsed
 * (http.server.request.start) and when its response was finished (http.server.response.finish), by the
 * x-bench-index header the sender adds; the event loop's delay over the burst (monitorEventLoopDelay); and, when
 * asked, a CPU profile of the burst (inspector; its times are on the same monotonic clock, in µs).
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";

/** The process-wide monotonic clock in ms: the same in every thread, and the base of CPU profiles' times (µs). */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
const now = monotonicMs;

export interface AckTrace {
  /** Per request index, on the process-wide monotonic clock (ms): its request parsed, its response finished. */
  parsedAt: number[];
  ackedAt: number[];
  loopDelayMs: { p50: number; p99: number; max: number };
  /** Per request index: when the server accepted its connection (net.server.socket; before the trace: 0). */
  acceptedAt: number[];
  /**
   * With a profile only: when each event-loop iteration reached its check phase (a setImmediate chain), to place
   * parses in iterations. The chain keeps the loop from ever waiting in poll, so it is left out of plain runs.
   */
  iterations: number[];
  /** The CPU profile of the burst (its sample times in µs on the monotonic clock). */
  profile?: object;
}

export async function startAckTrace(options: { profile: boolean }) {
  const parsedAt: number[] = [];
  const ackedAt: number[] = [];
  const indexOf = (request: IncomingMessage) => Number(request.headers["x-bench-index"] ?? Number.NaN);
  const onRequest = (message: unknown) => {
    const { request, socket } = message as { request: IncomingMessage; socket: object };
    const index = indexOf(request);
    if (!Number.isInteger(index)) return;
    parsedAt[index] = now();
    acceptedAt[index] = acceptedSockets.get(socket) ?? 0;
  };
  const onFinish = (message: unknown) => {
    const index = indexOf((message as { request: IncomingMessage }).request);
    if (Number.isInteger(index)) ackedAt[index] = now();
  };
  const acceptedAt: number[] = [];
  const acceptedSockets = new WeakMap<object, number>();
  let acceptedCount = 0;
  const onAccept = (message: unknown) => {
    acceptedSockets.set((message as { socket: object }).socket, now());
    acceptedCount++;
  };
  subscribe("net.server.socket", onAccept);
  subscribe("http.server.request.start", onRequest);
  subscribe("http.server.response.finish", onFinish);
  const iterations: number[] = [];
  let tracing = options.profile;
  const tick = () => {
    iterations.push(now());
    if (tracing) setImmediate(tick);
  };
  if (tracing) setImmediate(tick);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let session: Session | undefined;
  if (options.profile) {
    session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
  }
  return {
    /** Resolves once the server has accepted `count` connections since the trace started. */
    async accepted(count: number): Promise<void> {
      while (acceptedCount < count) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    async stop(): Promise<AckTrace> {
      histogram.disable();
      tracing = false;
      unsubscribe("net.server.socket", onAccept);
      unsubscribe("http.server.request.start", onRequest);
      unsubscribe("http.server.response.finish", onFinish);
      const ms = (nanoseconds: number) => Number((nanoseconds / 1e6).toFixed(1));
      const trace: AckTrace = {
        parsedAt,
        ackedAt,
        acceptedAt,
        iterations,
        loopDelayMs: {
          p50: ms(histogram.percentile(50)),
          p99: ms(histogram.percentile(99)),
          max: ms(histogram.max),
        },
      };
      if (session !== undefined) {
        const { profile } = await session.post("Profiler.stop");
        session.disconnect();
        trace.profile = profile;
      }
      return trace;
    },
  };
}
