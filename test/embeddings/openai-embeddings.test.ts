import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config.js";
import { createEmbedder } from "../../src/embeddings/create-embedder.js";
import type { Embedder } from "../../src/embeddings/embedder.js";
import { embedAll } from "../../src/embeddings/embedding-queue.js";
import { DocentError } from "../../src/errors.js";
import { describeEmbedderContract } from "./embedder-contract.js";
import {
  type FakeEmbeddingServer,
  fakeVectorFor,
  findClosedPort,
  startFakeEmbeddingServer,
} from "./fake-embedding-server.js";
import { createRecordingLogger } from "./recording-logger.js";

const apiKey = "sk-test-secret-0123456789";
const texts = Array.from({ length: 10 }, (_, index) => `chunk number ${index} ${"x".repeat(index)}`);

function settingsFor(baseUrl: string, overrides: Partial<Config["embeddings"]> = {}): Config["embeddings"] {
  return {
    provider: "openai",
    model: "test-embed",
    baseUrl,
    apiKey,
    batchSize: 3,
    concurrency: 2,
    maxRetries: 2,
    timeoutMs: 5_000,
    ...overrides,
  };
}

async function embedThrough(embedder: Embedder, settings: Config["embeddings"], signal?: AbortSignal) {
  const logger = createRecordingLogger();
  const run = embedAll(embedder, texts, { ...settings, signal, logger });
  return { run, logger };
}

async function rejectionOf(promise: Promise<unknown>): Promise<DocentError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DocentError);
  return error as DocentError;
}

let contractServer: FakeEmbeddingServer | undefined;
afterAll(() => contractServer?.close());
describeEmbedderContract(
  "OpenAI-compatible (loopback server)",
  async () => {
    contractServer ??= await startFakeEmbeddingServer();
    return createEmbedder(settingsFor(`${contractServer.url}/v1`), createRecordingLogger());
  },
  { dimensions: 3, learnsDimensions: true, parallelCalls: true },
);

describe("OpenAI-compatible embeddings through LangChain's OpenAIEmbeddings", () => {
  let server: FakeEmbeddingServer;
  let settings: Config["embeddings"];
  let embedder: Embedder;

  beforeEach(async () => {
    server = await startFakeEmbeddingServer(40);
    settings = settingsFor(`${server.url}/v1`);
    embedder = await createEmbedder(settings, createRecordingLogger());
  });
  afterEach(() => server.close());

  it("is identified by model and server, and embeds in order across batches, two at a time", async () => {
    expect(embedder.id).toBe(`openai:test-embed@127.0.0.1:${server.port}`);
    const progress: Array<[number, number]> = [];
    const vectors = await embedAll(embedder, texts, {
      ...settings,
      onProgress: (embedded, total) => progress.push([embedded, total]),
    });
    expect(vectors).toEqual(texts.map(fakeVectorFor));
    expect(server.requests.map((request) => request.path)).toEqual(Array(4).fill("/v1/embeddings"));
    expect(server.requests.map((request) => request.inputs).sort()).toEqual(
      [texts.slice(0, 3), texts.slice(3, 6), texts.slice(6, 9), texts.slice(9)].sort(),
    );
    expect(server.requests[0]?.body).toMatchObject({ model: "test-embed", encoding_format: "float" });
    expect(server.requests[0]?.authorization).toBe(`Bearer ${apiKey}`);
    expect(server.maxInFlight).toBe(2);
    expect(progress.map(([, total]) => total)).toEqual([10, 10, 10, 10]);
    const counts = progress.map(([embedded]) => embedded);
    expect(counts.at(-1)).toBe(10);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  it("waits as long as a 429's Retry-After asks, then succeeds", async () => {
    server.script({ kind: "status", status: 429, headers: { "retry-after": "1" } });
    const started = Date.now();
    const { run, logger } = await embedThrough(embedder, { ...settings, batchSize: 10 });
    expect(await run).toEqual(texts.map(fakeVectorFor));
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(server.requests).toHaveLength(2);
    expect(logger.entries.filter((entry) => entry.level === "warn").map((entry) => entry.fields)).toEqual([
      { embedder: embedder.id, batch: 0, attempt: 1, status: 429, delayMs: 1000 },
    ]);
  });

  it("retries a 500 and succeeds", async () => {
    server.script({ kind: "status", status: 500 });
    const { run } = await embedThrough(embedder, { ...settings, batchSize: 10 });
    expect(await run).toEqual(texts.map(fakeVectorFor));
    expect(server.requests).toHaveLength(2);
  });

  it("gives up after the last retry with the provider and status, never the key", async () => {
    server.script(...Array(3).fill({ kind: "status", status: 503 }));
    const { run, logger } = await embedThrough(embedder, { ...settings, batchSize: 10 });
    const error = await rejectionOf(run);
    expect(error.code).toBe("EMBEDDINGS_FAILED");
    expect(error.status).toBe(503);
    expect(error.message).toBe(`Embedding with ${embedder.id} failed: HTTP 503 after 3 attempts`);
    expect(error.cause).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(3);
    expect(JSON.stringify(logger.entries)).not.toContain(apiKey);
  });

  it.each([400, 401, 403, 404])("does not retry a %i", async (status) => {
    server.script({ kind: "status", status });
    const { run } = await embedThrough(embedder, { ...settings, batchSize: 10 });
    const error = await rejectionOf(run);
    expect(error).toMatchObject({ code: "EMBEDDINGS_FAILED", status, retryable: false });
    expect(error.message).toBe(`Embedding with ${embedder.id} failed: HTTP ${status} (not retried)`);
    expect(error.message).not.toContain(apiKey);
    expect(server.requests).toHaveLength(1);
  });

  it("fails, without retrying, on a reply that is not valid JSON", async () => {
    server.script({ kind: "malformed" });
    const error = await rejectionOf(embedAll(embedder, texts, { ...settings, batchSize: 10 }));
    expect(error.code).toBe("EMBEDDINGS_FAILED");
    expect(error.message).toBe(
      `Embedding with ${embedder.id} failed: the reply was not valid JSON (not retried)`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("fails, without retrying, when the server sends fewer vectors than texts", async () => {
    server.script({ kind: "vectors", vectors: texts.slice(1).map(fakeVectorFor) });
    const error = await rejectionOf(embedAll(embedder, texts, { ...settings, batchSize: 10 }));
    expect(error.code).toBe("EMBEDDINGS_FAILED");
    // LangChain's client itself trips over the missing vector, before the reply can be validated.
    expect(error.message).toBe(`Embedding with ${embedder.id} failed: unexpected TypeError (not retried)`);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a timed-out call, then fails naming the timeout", async () => {
    server.script({ kind: "hang" }, { kind: "hang" });
    const fast = { ...settings, batchSize: 10, maxRetries: 1, timeoutMs: 300 };
    const error = await rejectionOf(
      embedAll(await createEmbedder(fast, createRecordingLogger()), texts, fast),
    );
    expect(error).toMatchObject({ code: "EMBEDDINGS_FAILED", retryable: true, status: undefined });
    expect(error.message).toBe(`Embedding with ${embedder.id} failed: timed out after 2 attempts`);
    expect(server.requests).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.inFlight).toBe(0); // the client's own timeout closed both requests
  });

  it("stops at once when cancelled mid-run and starts no new batch", async () => {
    const controller = new AbortController();
    server.script({ kind: "ok" }, { kind: "hang" });
    server.onRequest = () => {
      if (server.requests.length === 2) controller.abort();
    };
    const serial = { ...settings, concurrency: 1 };
    const progress: number[] = [];
    const run = embedAll(embedder, texts, {
      ...serial,
      signal: controller.signal,
      onProgress: (embedded) => progress.push(embedded),
    });
    const error = await rejectionOf(run);
    expect(error.code).toBe("CANCELLED");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(2);
    expect(progress).toEqual([3]);
  });

  it("rejects an already aborted run without sending anything", async () => {
    const error = await rejectionOf(embedAll(embedder, texts, { ...settings, signal: AbortSignal.abort() }));
    expect(error.code).toBe("CANCELLED");
    expect(server.requests).toHaveLength(0);
  });
});

describe("OpenAI-compatible embeddings without a server", () => {
  it("retries a refused connection, then fails naming it", async () => {
    const port = await findClosedPort();
    const settings = settingsFor(`http://127.0.0.1:${port}/v1`, { maxRetries: 2 });
    const logger = createRecordingLogger();
    const embedder = await createEmbedder(settings, logger);
    const error = await rejectionOf(embedAll(embedder, ["one"], { ...settings, logger }));
    expect(error).toMatchObject({ code: "EMBEDDINGS_FAILED", retryable: true });
    expect(error.message).toBe(
      `Embedding with openai:test-embed@127.0.0.1:${port} failed: connection refused (ECONNREFUSED) after 3 attempts`,
    );
    expect(logger.entries.filter((entry) => entry.level === "warn")).toHaveLength(2);
  });
});
