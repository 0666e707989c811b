import { DocentError, isDocentError } from "../errors.js";
import { describeFailure } from "../remote/remote-failure.js";

/**
 * What one failed generation attempt means, read from whatever the client threw (OpenAI's APIError, Ollama's
 * ResponseError, fetch's socket errors, a JSON SyntaxError, node-llama-cpp's errors). The embedding side's
 * reading of statuses, Retry-After and socket codes is reused as is.
 */
export interface EngineFailure {
  /** Worth another attempt, if nothing has been streamed yet. */
  retryable: boolean;
  retryAfterMs: number | undefined;
  error: DocentError;
}

export function describeEngineFailure(
  error: unknown,
  engineId: string,
  afterFirstToken: boolean,
): EngineFailure {
  // Already read by the engine (explainMissingModel): its message names the server and the fix.
  if (isDocentError(error, "ENGINE_MODEL_MISSING"))
    return { retryable: false, retryAfterMs: undefined, error };
  const failure = describeFailure(error);
  const { status, retryAfterMs } = failure;
  const options = { cause: error, status, retryable: failure.retryable };
  if (hasSyntaxError(error)) {
    const reply = new DocentError("ENGINE_BAD_REPLY", `${engineId} sent a reply that is not valid JSON`, {
      ...options,
      retryable: false,
    });
    return { retryable: false, retryAfterMs, error: reply };
  }
  if (afterFirstToken) {
    const message = `${engineId} failed in the middle of its answer (${failure.reason})`;
    return { retryable: false, retryAfterMs, error: new DocentError("ENGINE_UNAVAILABLE", message, options) };
  }
  if (status === 429) {
    const message = `${engineId} is rate limiting us (HTTP 429)`;
    return { ...failure, error: new DocentError("RATE_LIMITED", message, options) };
  }
  if (failure.reason === "timed out") {
    return { ...failure, error: new DocentError("ENGINE_TIMEOUT", `${engineId} timed out`, options) };
  }
  const message = `${engineId} could not answer (${failure.reason})`;
  return { ...failure, error: new DocentError("ENGINE_UNAVAILABLE", message, options) };
}

function hasSyntaxError(error: unknown): boolean {
  for (let link = error, depth = 0; link instanceof Error && depth < 6; depth++) {
    if (link instanceof SyntaxError) return true;
    link = link.cause;
  }
  return false;
}
