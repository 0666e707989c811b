import { DocentError } from "../errors.js";
import { describeFailure } from "../remote/remote-failure.js";
import { describeMissingModel, type ModelServer } from "./model-server.js";

/**
 * One generation attempt, with a "no such model" reply (Ollama's 404 "model not found, try pulling it first", an
 * OpenAI-compatible 404 "model does not exist", Anthropic's 404 for a model) turned into ENGINE_MODEL_MISSING, whose
 * message names the server and what fixes it, instead of a connection failure.
 */
export async function* explainMissingModel(
  deltas: AsyncIterable<string>,
  server: ModelServer,
): AsyncGenerator<string> {
  try {
    yield* deltas;
  } catch (error) {
    if (!saysModelMissing(error)) throw error;
    const { detail, fix } = describeMissingModel(server, null);
    throw new DocentError("ENGINE_MODEL_MISSING", `${detail} (HTTP 404): ${fix}`, {
      cause: error,
      status: 404,
      retryable: false,
    });
  }
}

/** A 404 whose error names a model: the servers' own wording, read here only to classify, never shown. */
function saysModelMissing(error: unknown): boolean {
  if (describeFailure(error).status !== 404) return false;
  const parts: unknown[] = [];
  for (let link = error, depth = 0; typeof link === "object" && link !== null && depth < 4; depth++) {
    const fields = link as { message?: unknown; error?: unknown; code?: unknown; cause?: unknown };
    parts.push(
      fields.message,
      fields.code,
      typeof fields.error === "string" ? fields.error : JSON.stringify(fields.error),
    );
    link = fields.cause;
  }
  return parts.some((part) => typeof part === "string" && /model/i.test(part));
}
