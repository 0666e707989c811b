import { DocentError, isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type {
  ChatEngine,
  EngineProfile,
  EngineReachability,
  PromptMessage,
  StreamOptions,
  TokenCounter,
} from "./chat-engine.js";
import { createGenerationQueue } from "./generation-queue.js";
import { type StreamLimits, streamWithLimits } from "./stream-with-limits.js";

export interface EngineParts {
  id: string;
  profile: EngineProfile;
  tokenCounter: TokenCounter;
  warnings: string[];
  limits: StreamLimits & { concurrency: number; queueLimit: number };
  /** One attempt at a generation: text deltas, ended early when the signal aborts. */
  generate(messages: readonly PromptMessage[], signal: AbortSignal): AsyncIterable<string>;
  /** How to tell whether the model server answers; without it (in-process) the engine is ready until closed. */
  checkReachable?(): Promise<EngineReachability>;
  close?(): Promise<void>;
}

/**
 * After a generation fails as ENGINE_UNAVAILABLE before any text (the server refused the connection or kept
 * failing through the retries), questions fail at once for this long instead of each waiting its turn to fail
 * again: with the engine down, the 50th question in line gets its reply (with sources) in milliseconds, not after
 * LLM_TOTAL_TIMEOUT_MS. The first question after the pause tries the engine again.
 */
export const unavailablePauseMs = 5_000;

/** Puts an engine's parts behind the ChatEngine port: the queue first, then the limits around each attempt. */
export function assembleChatEngine(parts: EngineParts, logger: Logger): ChatEngine {
  const queue = createGenerationQueue(parts.limits.concurrency, parts.limits.queueLimit);
  let closed = false;
  let pausedUntil = 0;
  const failFastIfDown = () => {
    if (closed) throw new DocentError("ENGINE_UNAVAILABLE", `The engine ${parts.id} is closed`);
    if (Date.now() < pausedUntil) {
      throw new DocentError(
        "ENGINE_UNAVAILABLE",
        `${parts.id} failed moments ago; not asked again until the pause ends`,
      );
    }
  };
  async function* stream(messages: readonly PromptMessage[], options: StreamOptions = {}) {
    failFastIfDown();
    const release = await queue.acquire(options);
    let streamed = false;
    try {
      failFastIfDown(); // it may have gone down while this question waited
      const start = (signal: AbortSignal) => parts.generate(messages, signal);
      for await (const text of streamWithLimits(parts.id, start, parts.limits, logger, options.signal)) {
        streamed = true;
        yield text;
      }
    } catch (error) {
      if (!streamed && isDocentError(error, "ENGINE_UNAVAILABLE") && Date.now() >= pausedUntil) {
        pausedUntil = Date.now() + unavailablePauseMs;
        logger.warn(
          { engine: parts.id, pauseMs: unavailablePauseMs },
          "engine unavailable: failing fast for a pause",
        );
      }
      throw error;
    } finally {
      release();
    }
  }
  return {
    id: parts.id,
    profile: parts.profile,
    tokenCounter: parts.tokenCounter,
    stream,
    queueLength: () => queue.queueLength(),
    hasFreeSlot: () => queue.queueLength() === 0 && queue.running() < parts.limits.concurrency,
    warnings: () => [...parts.warnings],
    checkReachable: async () => {
      if (closed) return { reachable: false, detail: `${parts.id} is closed` };
      return (
        (await parts.checkReachable?.()) ?? {
          reachable: true,
          detail: `${parts.id} is loaded in this process`,
        }
      );
    },
    close: async () => {
      closed = true;
      await parts.close?.();
    },
  };
}
