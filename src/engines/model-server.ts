import type { Config } from "../config/config.js";
import { defaultOllamaBaseUrl, type HostedProvider } from "./langchain-chat-models.js";

type LlmSettings = Config["llm"];

/**
 * A model server as docent talks about it: which one, where (the URL without credentials, as people read it), the
 * configured model, and the request that lists or finds its models (Ollama's GET /api/tags, an OpenAI-compatible
 * GET /models, Anthropic's GET /v1/models/{model}, which also resolves aliases).
 */
export interface ModelServer {
  provider: HostedProvider;
  /** The server's base URL, without user name or password. */
  url: string;
  /** "the Ollama server at http://127.0.0.1:11434". */
  name: string;
  /** LLM_MODEL, or undefined when it is unset and the provider has no default (openai-compatible). */
  model: string | undefined;
  /** The name requests carry (the provider's default when LLM_MODEL is unset). */
  requestedModel: string;
  listing: { url: string; headers: Record<string, string>; asked: string };
  /** The base URL carries a user name or password, which fetch (and so every model client) refuses to send. */
  credentialsInUrl: boolean;
}

const defaultBaseUrls: Record<HostedProvider, string> = {
  ollama: defaultOllamaBaseUrl,
  "openai-compatible": "",
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
};

export function describeModelServer(
  settings: LlmSettings,
  provider: HostedProvider,
  requestedModel: string,
): ModelServer {
  const base = (settings.baseUrl ?? defaultBaseUrls[provider]).replace(/\/+$/, "");
  const url = withoutCredentials(base);
  const key = settings.apiKey;
  const model = provider === "openai-compatible" ? settings.model : requestedModel;
  const names: Record<HostedProvider, string> = {
    ollama: `the Ollama server at ${url}`,
    "openai-compatible": `the server at ${url}`,
    openai: `OpenAI at ${url}`,
    anthropic: `Anthropic at ${url}`,
  };
  const listing = (path: string, headers: Record<string, string>) => ({
    url: `${base}/${path}`,
    headers,
    asked: `GET ${url}/${path}`,
  });
  const bearer: Record<string, string> = key === undefined ? {} : { authorization: `Bearer ${key}` };
  const requests: Record<HostedProvider, ModelServer["listing"]> = {
    ollama: listing("api/tags", bearer),
    "openai-compatible": listing("models", bearer),
    openai: listing("models", bearer),
    anthropic: listing(`v1/models/${encodeURIComponent(requestedModel)}`, {
      "anthropic-version": "2023-06-01",
      ...(key === undefined ? {} : { "x-api-key": key }),
    }),
  };
  return {
    provider,
    url,
    name: names[provider],
    model,
    requestedModel,
    listing: requests[provider],
    credentialsInUrl: url !== base,
  };
}

/** What to say, and what to do, when the server does not have the model. */
export function describeMissingModel(
  server: ModelServer,
  available: readonly string[] | null,
): { detail: string; fix: string } {
  const listed =
    available === null ? "" : ` (it has ${available.length === 0 ? "none" : available.join(", ")})`;
  const detail = `${server.name} does not have the model ${server.requestedModel}${listed}`;
  switch (server.provider) {
    case "ollama":
      return {
        detail,
        fix:
          `run \`ollama pull ${server.requestedModel}\` where that server runs (in Docker Compose: ` +
          `\`docker compose exec ollama ollama pull ${server.requestedModel}\`), or set LLM_MODEL to a model it has`,
      };
    case "openai-compatible":
      return { detail, fix: "set LLM_MODEL to a model the server serves, or start the server with this one" };
    case "openai":
    case "anthropic":
      return { detail, fix: "set LLM_MODEL to a model your API key can use" };
  }
}

/** The fix for a server that cannot be reached at all. */
export function reachFix(server: ModelServer): string {
  switch (server.provider) {
    case "ollama":
      return "start Ollama (`ollama serve`) or point LLM_BASE_URL at the machine where it runs";
    case "openai-compatible":
      return "start the server or point LLM_BASE_URL at it";
    case "openai":
    case "anthropic":
      return "check that this machine can reach it (a proxy or firewall), or LLM_BASE_URL";
  }
}

/** The fix for a server that refuses the key. */
export function keyFix(server: ModelServer): string {
  if (server.provider === "openai") return "check LLM_API_KEY (or OPENAI_API_KEY)";
  if (server.provider === "anthropic") return "check LLM_API_KEY (or ANTHROPIC_API_KEY)";
  return "set LLM_API_KEY to a key the server accepts";
}

function withoutCredentials(base: string): string {
  try {
    const parsed = new URL(base);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/+$/, "");
  } catch {
    return base;
  }
}
