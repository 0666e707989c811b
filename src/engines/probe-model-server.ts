import type { Config } from "../config/config.js";
import type { EngineReachability } from "./chat-engine.js";
import { defaultOllamaBaseUrl, type HostedProvider } from "./langchain-chat-models.js";

type LlmSettings = Config["llm"];

/** A probe that waits no longer than this. */
const probeTimeoutMs = 3000;

/**
 * A cheap request that tells whether a model server is there: Ollama's GET /api/tags, an OpenAI-compatible
 * server's GET /models, Anthropic's GET /v1/models. Any answer but a 5xx or a refused key (401, 403) counts as
 * reachable: a server without the listing (404) still answers questions.
 */
export function probeModelServer(
  settings: LlmSettings,
  provider: HostedProvider,
): () => Promise<EngineReachability> {
  const { url, headers } = probeRequest(settings, provider);
  return async () => {
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(probeTimeoutMs) });
      await response.body?.cancel();
      const refused = response.status >= 500 || response.status === 401 || response.status === 403;
      return { reachable: !refused, detail: `HTTP ${response.status}` };
    } catch (error) {
      return { reachable: false, detail: describeFailure(error) };
    }
  };
}

function probeRequest(
  settings: LlmSettings,
  provider: HostedProvider,
): { url: string; headers: Record<string, string> } {
  const key = settings.apiKey;
  switch (provider) {
    case "ollama":
      return { url: joinUrl(settings.baseUrl ?? defaultOllamaBaseUrl, "api/tags"), headers: {} };
    case "openai":
    case "openai-compatible":
      return {
        url: joinUrl(settings.baseUrl ?? "https://api.openai.com/v1", "models"),
        headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
      };
    case "anthropic":
      return {
        url: joinUrl(settings.baseUrl ?? "https://api.anthropic.com", "v1/models"),
        headers: { "anthropic-version": "2023-06-01", ...(key === undefined ? {} : { "x-api-key": key }) },
      };
  }
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path}`;
}

/** ECONNREFUSED, TimeoutError...: never the error's message, which may carry the URL's credentials. */
function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === "string") return cause.code;
  return error instanceof Error ? error.name : "failed";
}
