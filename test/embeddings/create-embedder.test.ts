import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config.js";
import { createEmbedder } from "../../src/embeddings/create-embedder.js";
import { embedAll } from "../../src/embeddings/embedding-queue.js";
import {
  type FakeEmbeddingServer,
  fakeVectorFor,
  startFakeEmbeddingServer,
} from "./fake-embedding-server.js";
import { createRecordingLogger } from "./recording-logger.js";

const base: Config["embeddings"] = {
  provider: "openai",
  model: undefined,
  baseUrl: undefined,
  apiKey: undefined,
  batchSize: 8,
  concurrency: 1,
  maxRetries: 0,
  timeoutMs: 5_000,
};

describe("createEmbedder", () => {
  let server: FakeEmbeddingServer | undefined;
  afterEach(() => server?.close());

  it("identifies OpenAI by model and host, leaving out scheme, path and credentials", async () => {
    const logger = createRecordingLogger();
    const hosted = await createEmbedder({ ...base, apiKey: "sk-secret" }, logger);
    expect(hosted.id).toBe("openai:text-embedding-3-small@api.openai.com");
    const local = await createEmbedder(
      { ...base, model: "bge-m3", baseUrl: "https://user:pw@gpu-1:8000/v1" },
      logger,
    );
    expect(local.id).toBe("openai:bge-m3@gpu-1:8000");
    expect(logger.entries.map((entry) => entry.fields)).toEqual([
      { embedder: "openai:text-embedding-3-small@api.openai.com", provider: "openai" },
      { embedder: "openai:bge-m3@gpu-1:8000", provider: "openai" },
    ]);
  });

  it("sends a placeholder key to a keyless OpenAI-compatible server", async () => {
    server = await startFakeEmbeddingServer();
    const settings = { ...base, baseUrl: `${server.url}/v1` };
    const embedder = await createEmbedder(settings, createRecordingLogger());
    expect(await embedAll(embedder, ["a", "bc"], settings)).toEqual([
      fakeVectorFor("a"),
      fakeVectorFor("bc"),
    ]);
    expect(server.requests[0]?.authorization).toBe("Bearer no-key-needed");
  });

  it("asks for a key when neither a key nor a keyless server is configured", async () => {
    await expect(createEmbedder(base, createRecordingLogger())).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message:
        "Invalid configuration. Set EMBEDDINGS_API_KEY for OpenAI, or EMBEDDINGS_BASE_URL for a keyless OpenAI-compatible server",
    });
  });

  it("uses the model named in the settings for Ollama", async () => {
    const embedder = await createEmbedder(
      { ...base, provider: "ollama", model: "mxbai-embed-large" },
      createRecordingLogger(),
    );
    expect(embedder.id).toBe("ollama:mxbai-embed-large");
  });

  it("builds the in-process local embedder", async () => {
    const embedder = await createEmbedder({ ...base, provider: "local" }, createRecordingLogger());
    expect(embedder.id).toMatch(/^local:/);
    expect(await embedder.embedDocuments(["x"])).toHaveLength(1);
  });
});
