import type { PromptMessage, TokenCounter } from "../answer/answer-types.js";
import { DocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { ChatEngine, EngineProfile, EngineReachability, StreamOptions } from "./chat-engine.js";
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

/** Puts an engine's parts behind the ChatEngine port: the queue first, then the limits around each attempt. */
export function assembleChatEngine(parts: EngineParts, logger: Logger): ChatEngine {
  const queue = createGenerationQueue(parts.limits.concurrency, parts.limits.queueLimit);
  let closed = false;
  async function* stream(messages: readonly PromptMessage[], options: StreamOptions = {}) {
    if (closed) throw new DocentError("ENGINE_UNAVAILABLE", `The engine ${parts.id} is closed`);
    const release = await queue.acquire(options);
    try {
      const start = (signal: AbortSignal) => parts.generate(messages, signal);
      yield* streamWithLimits(parts.id, start, parts.limits, logger, options.signal);
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
    warnings: () => [...parts.warnings],
    checkReachable: async () => {
      if (closed) return { reachable: false, detail: "closed" };
      return (await parts.checkReachable?.()) ?? { reachable: true, detail: "in process" };
    },
    close: async () => {
      closed = true;
      await parts.close?.();
    },
  };
}
