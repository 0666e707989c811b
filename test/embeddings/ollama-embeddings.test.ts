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

const texts = Array.from({ length: 9 }, (_, index) => `section ${index}: ${"word ".repeat(index)}`);

function settingsFor(baseUrl: string, overrides: Partial<Config["embeddings"]> = {}): Config["embeddings"] {
  return {
    provider: "ollama",
    model: undefined,
    baseUrl,
    apiKey: undefined,
    batchSize: 2,
    concurrency: 3,
    maxRetries: 2,
    timeoutMs: 5_000,
    ...overrides,
  };
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
  "Ollama (loopback server)",
  async () => {
    contractServer ??= await startFakeEmbeddingServer();
    return createEmbedder(settingsFor(contractServer.url), createRecordingLogger());
  },
  { dimensions: 3, learnsDimensions: true, parallelCalls: true },
);

describe("Ollama embeddings through LangChain's OllamaEmbeddings", () => {
  let server: FakeEmbeddingServer;
  let settings: Config["embeddings"];
  let embedder: Embedder;
  const oneBatch = () => ({ ...settings, batchSize: texts.length });

  beforeEach(async () => {
    server = await startFakeEmbeddingServer(40);
    settings = settingsFor(server.url);
    embedder = await createEmbedder(settings, createRecordingLogger());
  });
  afterEach(() => server.close());

  it("uses nomic-embed-text by default and embeds in order, at most three batches at a time", async () => {
    expect(embedder.id).toBe("ollama:nomic-embed-text");
    const vectors = await embedAll(embedder, texts, settings);
    expect(vectors).toEqual(texts.map(fakeVectorFor));
    expect(server.requests).toHaveLength(5);
    expect(server.requests.every((request) => request.path === "/api/embed")).toBe(true);
    expect(server.requests[0]?.body).toMatchObject({ model: "nomic-embed-text", truncate: true });
    expect(server.requests.map((request) => request.inputs.length).sort()).toEqual([1, 2, 2, 2, 2]);
    expect(server.maxInFlight).toBe(3);
  });

  it("retries a 500 and succeeds", async () => {
    server.script({ kind: "status", status: 500, body: { error: "model runner crashed" } });
    expect(await embedAll(embedder, texts, oneBatch())).toEqual(texts.map(fakeVectorFor));
    expect(server.requests).toHaveLength(2);
  });

  it("does not retry a 400 and says which embedder and status", async () => {
    server.script({ kind: "status", status: 400, body: { error: "input too long" } });
    const error = await rejectionOf(embedAll(embedder, texts, oneBatch()));
    expect(error).toMatchObject({ code: "EMBEDDINGS_FAILED", status: 400, retryable: false });
    expect(error.message).toBe("Embedding with ollama:nomic-embed-text failed: HTTP 400 (not retried)");
    expect(server.requests).toHaveLength(1);
  });

  it("fails, without retrying, on a reply that is not valid JSON", async () => {
    server.script({ kind: "malformed" });
    const error = await rejectionOf(embedAll(embedder, texts, oneBatch()));
    expect(error.message).toBe(
      "Embedding with ollama:nomic-embed-text failed: the reply was not valid JSON (not retried)",
    );
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ["fewer vectors than texts", texts.slice(1).map(fakeVectorFor), "8 vectors for 9 texts"],
    ["more vectors than texts", [...texts, "extra"].map(fakeVectorFor), "10 vectors for 9 texts"],
    [
      "vectors of different sizes",
      texts.map((text, i) => (i === 4 ? [1, 2] : fakeVectorFor(text))),
      "vector 4 has 2 dimensions, expected 3",
    ],
    [
      "a null in a vector",
      texts.map((text, i) => (i === 7 ? [1, null, 2] : fakeVectorFor(text))),
      "vector 7 contains a value that is not a finite number",
    ],
    ["empty vectors", texts.map(() => []), "the first vector is empty or not a list of numbers"],
  ])("rejects a reply with %s", async (_, vectors, problem) => {
    server.script({ kind: "vectors", vectors });
    const error = await rejectionOf(embedAll(embedder, texts, oneBatch()));
    expect(error.code).toBe("EMBEDDINGS_FAILED");
    expect(error.message).toBe(
      `The embedding model ollama:nomic-embed-text sent an unusable reply: ${problem}`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a batch whose dimension differs from an earlier batch", async () => {
    server.script({ kind: "ok" }, { kind: "vectors", vectors: [[1, 2, 3, 4]] });
    const error = await rejectionOf(
      embedAll(embedder, ["first", "second"], { ...settings, batchSize: 1, concurrency: 1 }),
    );
    expect(error.message).toBe(
      "The embedding model ollama:nomic-embed-text sent an unusable reply: vector 0 has 4 dimensions, expected 3",
    );
  });

  it("times out a call that gets no reply, retries it, then fails", async () => {
    server.script({ kind: "hang" }, { kind: "hang" });
    const fast = { ...oneBatch(), timeoutMs: 250, maxRetries: 1 };
    const error = await rejectionOf(
      embedAll(await createEmbedder(fast, createRecordingLogger()), texts, fast),
    );
    expect(error).toMatchObject({ code: "EMBEDDINGS_FAILED", retryable: true });
    expect(error.message).toBe("Embedding with ollama:nomic-embed-text failed: timed out after 2 attempts");
    expect(server.requests).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.inFlight).toBe(0); // the client's own timeout closed both requests
  });

  it("stops at once when cancelled mid-run and starts no new batch", async () => {
    const controller = new AbortController();
    server.script({ kind: "hang" }, { kind: "hang" });
    server.onRequest = () => {
      if (server.requests.length === 2) controller.abort();
    };
    const run = embedAll(embedder, texts, { ...settings, concurrency: 2, signal: controller.signal });
    expect((await rejectionOf(run)).code).toBe("CANCELLED");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(2);
  });
});

describe("Ollama embeddings without a server", () => {
  it("retries a refused connection, then fails naming it", async () => {
    const settings = settingsFor(`http://127.0.0.1:${await findClosedPort()}`, {
      model: "all-minilm",
      maxRetries: 1,
    });
    const error = await rejectionOf(
      embedAll(await createEmbedder(settings, createRecordingLogger()), ["a"], settings),
    );
    expect(error).toMatchObject({ code: "EMBEDDINGS_FAILED", retryable: true, status: undefined });
    expect(error.message).toBe(
      "Embedding with ollama:all-minilm failed: connection refused (ECONNREFUSED) after 2 attempts",
    );
  });
});
