import { describeFailure } from "../remote/remote-failure.js";
import type { EngineReachability } from "./chat-engine.js";
import { describeMissingModel, keyFix, type ModelServer, reachFix } from "./model-server.js";

/** A probe that waits no longer than this. */
const probeTimeoutMs = 3000;
/** A model list is a few kilobytes; a reply larger than this is not one. */
const maxReplyBytes = 2 * 1024 * 1024;

/**
 * Whether the engine can answer: the server answers, as the kind of server configured, and has the model. It asks
 * the server's own model list (Ollama's /api/tags, an OpenAI-compatible /models) or, for Anthropic, the model
 * itself; every sentence names the server's URL, and a failure says what fixes it.
 */
export function probeModelServer(server: ModelServer): () => Promise<EngineReachability> {
  return async () => {
    if (server.credentialsInUrl) {
      return {
        reachable: false,
        detail: `LLM_BASE_URL (${server.url}) carries a user name or password, which HTTP clients refuse to send`,
        fix: "take them out of the URL (a proxy in front of the server can add them; LLM_API_KEY is sent as a bearer token)",
      };
    }
    let status: number;
    let body: unknown;
    try {
      const response = await fetch(server.listing.url, {
        headers: server.listing.headers,
        signal: AbortSignal.timeout(probeTimeoutMs),
      });
      status = response.status;
      body = await readJson(response);
    } catch (error) {
      const reason = describeFailure(error).reason;
      const detail =
        reason === "timed out"
          ? `${server.url} did not answer within ${probeTimeoutMs / 1000} s`
          : `nothing answers at ${server.url}: ${reason}`;
      return { reachable: false, detail, fix: reachFix(server) };
    }
    return judgeReply(server, status, body);
  };
}

function judgeReply(server: ModelServer, status: number, body: unknown): EngineReachability {
  const answered = `(${server.listing.asked}: HTTP ${status})`;
  if (status === 401 || status === 403) {
    return {
      reachable: false,
      detail: `${server.name} refused the API key ${answered}`,
      fix: keyFix(server),
    };
  }
  if (status >= 500) {
    return {
      reachable: false,
      detail: `${server.name} answers with a server error ${answered}`,
      fix: "look at that server's own log; docent asks again at the next check",
    };
  }
  if (status === 429) {
    return {
      reachable: true,
      modelChecked: false,
      detail: `${server.name} answers but is rate limiting ${answered}`,
    };
  }
  const models = server.provider === "anthropic" ? null : listedModels(server, body);
  if (server.provider === "anthropic" && isObject(body)) {
    if (status === 200)
      return { reachable: true, detail: `${server.name} has the model ${server.requestedModel}` };
    if (status === 404) return { reachable: false, ...describeMissingModel(server, null) };
  }
  if (status === 200 && models !== null) return judgeModelList(server, models);
  if (status === 404 && server.provider === "openai-compatible") {
    return {
      reachable: true,
      modelChecked: false,
      detail: `${server.name} answers but lists no models ${answered}, so whether it serves ${server.requestedModel} is not checked`,
    };
  }
  return {
    reachable: false,
    detail: `${server.url} answers, but not as ${kindOf(server)} ${answered}`,
    fix: urlFix(server),
  };
}

function judgeModelList(server: ModelServer, models: string[]): EngineReachability {
  if (server.model === undefined) {
    return {
      reachable: true,
      modelChecked: false,
      detail:
        `${server.name} serves ${models.join(", ") || "no model"}; LLM_MODEL is not set, so docent asks for ` +
        `"${server.requestedModel}" (set LLM_MODEL if the server wants a name it serves)`,
    };
  }
  if (hasModel(server, models))
    return { reachable: true, detail: `${server.name} has the model ${server.model}` };
  return { reachable: false, ...describeMissingModel(server, models) };
}

/** Ollama names carry a tag ("llama2:latest"); a name without one means :latest, as `ollama pull` reads it. */
function hasModel(server: ModelServer, models: readonly string[]): boolean {
  const wanted = server.requestedModel;
  if (server.provider !== "ollama" || wanted.includes(":")) return models.includes(wanted);
  return models.includes(wanted) || models.includes(`${wanted}:latest`);
}

/** The model names of a list reply, or null when the reply is not such a list. */
function listedModels(server: ModelServer, body: unknown): string[] | null {
  if (!isObject(body)) return null;
  const list = server.provider === "ollama" ? body.models : body.data;
  if (!Array.isArray(list)) return null;
  const field = server.provider === "ollama" ? "name" : "id";
  return list.flatMap((entry) => (isObject(entry) && typeof entry[field] === "string" ? [entry[field]] : []));
}

function kindOf(server: ModelServer): string {
  if (server.provider === "ollama") return "an Ollama server";
  if (server.provider === "anthropic") return "Anthropic's API";
  return server.provider === "openai" ? "OpenAI's API" : "an OpenAI-compatible API";
}

function urlFix(server: ModelServer): string {
  if (server.provider === "ollama") {
    return "point LLM_BASE_URL at the Ollama server (it listens on http://127.0.0.1:11434 by default)";
  }
  if (server.provider === "openai-compatible") {
    return "point LLM_BASE_URL at the server's OpenAI-compatible API (its address usually ends in /v1)";
  }
  return "unset LLM_BASE_URL, or point it at a proxy that passes the API through";
}

/** The reply as JSON, or null when it is not JSON (or too large to be a model list). */
async function readJson(response: Response): Promise<unknown> {
  const reader = response.body?.getReader();
  if (reader === undefined) return null;
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxReplyBytes) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString("utf8"));
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
