import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config.js";
import type { ChatEngine } from "../../src/engines/chat-engine.js";
import { createChatEngine } from "../../src/engines/create-chat-engine.js";
import { silentLogger } from "../../src/logging/logger.js";
import { findClosedPort } from "../embeddings/fake-embedding-server.js";
import { closeServer } from "../helpers/loopback-http.js";
import { collectStream } from "./collect-stream.js";
import { type FakeChatServer, startFakeChatServer } from "./fake-chat-server.js";
import { llmSettings } from "./llm-settings.js";

/**
 * The engine check `docent status`, `docent doctor` and /readyz share: the server answers, as the kind of server
 * configured, and has the model; each sentence names the URL and a failure says what fixes it. Through the real
 * engines against loopback servers speaking Ollama's, OpenAI's and Anthropic's model APIs.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function fakeServer(models?: string[]): Promise<FakeChatServer> {
  const server = await startFakeChatServer();
  if (models !== undefined) server.setModels(models);
  cleanups.push(() => server.close());
  return server;
}

async function engineFor(overrides: Partial<Config["llm"]>): Promise<ChatEngine> {
  const engine = await createChatEngine(llmSettings(overrides), silentLogger);
  if (engine === null) throw new Error("expected an engine");
  cleanups.push(async () => engine.close?.());
  return engine;
}

/** A web server that is not a model server: 404 for every path, as a wrong host or port often answers. */
async function notAModelServer(status = 404): Promise<string> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(status, { "content-type": "text/html" });
    response.end("<html><body>No</body></html>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => closeServer(server));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const question = [{ role: "user", content: "Where is the office?" }] as const;

describe("the engine check: Ollama", () => {
  it("is ready when the server has the model (llama2 matches llama2:latest)", async () => {
    const server = await fakeServer(["llama2:latest", "mistral:latest"]);
    const engine = await engineFor({ provider: "ollama", baseUrl: server.url, model: "llama2" });
    expect(await engine.checkReachable?.()).toEqual({
      reachable: true,
      detail: `the Ollama server at ${server.url} has the model llama2`,
    });
  });

  it("is NOT ready when the model is not pulled, names the URL and says `ollama pull`", async () => {
    const server = await fakeServer(["mistral:latest"]);
    const engine = await engineFor({ provider: "ollama", baseUrl: server.url, model: "llama2" });
    const result = await engine.checkReachable?.();
    expect(result).toMatchObject({
      reachable: false,
      detail: `the Ollama server at ${server.url} does not have the model llama2 (it has mistral:latest)`,
    });
    expect(result?.fix).toContain("run `ollama pull llama2`");
  });

  it("and a chat call for that model fails as ENGINE_MODEL_MISSING, not as an unreachable engine", async () => {
    const server = await fakeServer([]);
    const engine = await engineFor({ provider: "ollama", baseUrl: server.url, model: "llama2" });
    const { error } = await collectStream(engine.stream(question));
    expect(error?.code).toBe("ENGINE_MODEL_MISSING");
    expect(error?.message).toBe(
      `the Ollama server at ${server.url} does not have the model llama2 (HTTP 404): run \`ollama pull llama2\` ` +
        "where that server runs (in Docker Compose: `docker compose exec ollama ollama pull llama2`), or set " +
        "LLM_MODEL to a model it has",
    );
    expect(server.requests).toHaveLength(1); // a missing model is not retried
  });

  it("is NOT ready when a host answers 404 for everything: it is not an Ollama server", async () => {
    const url = await notAModelServer();
    const engine = await engineFor({ provider: "ollama", baseUrl: url });
    expect(await engine.checkReachable?.()).toEqual({
      reachable: false,
      detail: `${url} answers, but not as an Ollama server (GET ${url}/api/tags: HTTP 404)`,
      fix: "point LLM_BASE_URL at the Ollama server (it listens on http://127.0.0.1:11434 by default)",
    });
  });

  it("says nothing answers at the URL when the port is closed, with the socket's reason", async () => {
    const url = `http://127.0.0.1:${await findClosedPort()}`;
    const engine = await engineFor({ provider: "ollama", baseUrl: url });
    expect(await engine.checkReachable?.()).toEqual({
      reachable: false,
      detail: `nothing answers at ${url}: connection refused (ECONNREFUSED)`,
      fix: "start Ollama (`ollama serve`) or point LLM_BASE_URL at the machine where it runs",
    });
  });

  it("says a URL with a user name or password cannot work (fetch refuses it), and never shows the password", async () => {
    const server = await fakeServer(["llama2"]);
    const withCredentials = server.url.replace("http://", "http://docent:s3cret@");
    const engine = await engineFor({ provider: "ollama", baseUrl: withCredentials });
    const result = await engine.checkReachable?.();
    expect(result).toMatchObject({
      reachable: false,
      detail: `LLM_BASE_URL (${server.url}) carries a user name or password, which HTTP clients refuse to send`,
    });
    expect(JSON.stringify(result)).not.toContain("s3cret");
    const { error } = await collectStream(engine.stream(question));
    expect(error?.code).toBeDefined(); // the chat client refuses it as well: the check tells the truth
    expect(server.requests).toHaveLength(0);
  });
});

describe("the engine check: OpenAI-compatible servers, OpenAI and Anthropic", () => {
  it("an OpenAI-compatible server that serves LLM_MODEL is ready; one that does not lists what it serves", async () => {
    const server = await fakeServer(["Qwen2.5-7B-Instruct"]);
    const good = await engineFor({ baseUrl: `${server.url}/v1`, model: "Qwen2.5-7B-Instruct" });
    expect(await good.checkReachable?.()).toEqual({
      reachable: true,
      detail: `the server at ${server.url}/v1 has the model Qwen2.5-7B-Instruct`,
    });
    const wrong = await engineFor({ baseUrl: `${server.url}/v1`, model: "llama2" });
    expect(await wrong.checkReachable?.()).toEqual({
      reachable: false,
      detail: `the server at ${server.url}/v1 does not have the model llama2 (it has Qwen2.5-7B-Instruct)`,
      fix: "set LLM_MODEL to a model the server serves, or start the server with this one",
    });
  });

  it("a server without a model list answers, but the model is reported as not checked", async () => {
    const url = await notAModelServer();
    const engine = await engineFor({ baseUrl: `${url}/v1`, model: "llama2" });
    expect(await engine.checkReachable?.()).toEqual({
      reachable: true,
      modelChecked: false,
      detail: `the server at ${url}/v1 answers but lists no models (GET ${url}/v1/models: HTTP 404), so whether it serves llama2 is not checked`,
    });
  });

  it("an unreachable OpenAI-compatible server: the URL and the reason, never a bare TypeError", async () => {
    const url = `http://127.0.0.1:${await findClosedPort()}/v1`;
    const engine = await engineFor({ baseUrl: url, model: "llama2" });
    const result = await engine.checkReachable?.();
    expect(result).toEqual({
      reachable: false,
      detail: `nothing answers at ${url}: connection refused (ECONNREFUSED)`,
      fix: "start the server or point LLM_BASE_URL at it",
    });
  });

  it("OpenAI: a model the key cannot use is named, and so is a refused key", async () => {
    const server = await fakeServer(["gpt-4o-mini"]);
    const engine = await engineFor({
      provider: "openai",
      baseUrl: server.url,
      apiKey: "sk-x",
      model: "gpt-5",
    });
    expect(await engine.checkReachable?.()).toMatchObject({
      reachable: false,
      detail: `OpenAI at ${server.url} does not have the model gpt-5 (it has gpt-4o-mini)`,
      fix: "set LLM_MODEL to a model your API key can use",
    });
    const refusing = await notAModelServer(401);
    const refused = await engineFor({ provider: "openai", baseUrl: refusing, apiKey: "sk-old" });
    expect(await refused.checkReachable?.()).toEqual({
      reachable: false,
      detail: `OpenAI at ${refusing} refused the API key (GET ${refusing}/models: HTTP 401)`,
      fix: "check LLM_API_KEY (or OPENAI_API_KEY)",
    });
  });

  it("Anthropic: asks for the model itself (aliases resolve there), and names a missing one", async () => {
    const server = await fakeServer(["claude-3-5-haiku-latest"]);
    const good = await engineFor({ provider: "anthropic", baseUrl: server.url, apiKey: "sk-ant-x" });
    expect(await good.checkReachable?.()).toEqual({
      reachable: true,
      detail: `Anthropic at ${server.url} has the model claude-3-5-haiku-latest`,
    });
    const missing = await engineFor({
      provider: "anthropic",
      baseUrl: server.url,
      apiKey: "sk-ant-x",
      model: "claude-0",
    });
    expect(await missing.checkReachable?.()).toMatchObject({
      reachable: false,
      detail: `Anthropic at ${server.url} does not have the model claude-0`,
    });
    const { error } = await collectStream(missing.stream(question));
    expect(error?.code).toBe("ENGINE_MODEL_MISSING");
  });
});
