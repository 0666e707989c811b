import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbedder } from "../../src/embeddings/create-embedder.js";
import { embedInBatches } from "../../src/embeddings/embed-in-batches.js";
import type { Embedder } from "../../src/embeddings/embedder.js";
import { DocentError } from "../../src/errors.js";
import { haveNodeLlamaCpp, tinyGgufPath, tinyGgufSkipReason } from "../helpers/tiny-gguf.js";
import { createRecordingLogger } from "./recording-logger.js";

const modelPath = tinyGgufPath;
const skipReason = tinyGgufSkipReason;
const settings = {
  provider: "llamacpp",
  model: modelPath,
  baseUrl: undefined,
  apiKey: undefined,
  batchSize: 4,
  concurrency: 2,
  maxRetries: 0,
  timeoutMs: 30_000,
} as const;

describe.skipIf(skipReason !== "")(`llama.cpp embeddings${skipReason}`, () => {
  let embedder: Embedder;
  const logger = createRecordingLogger();

  beforeAll(async () => {
    embedder = await createEmbedder(settings, logger);
  });
  afterAll(() => embedder?.close?.());

  it("loads the model once and is identified by its file name", () => {
    expect(embedder.id).toBe("llamacpp:llama-2-tiny-random.gguf");
    expect(
      logger.entries.find((entry) => entry.message === "Loaded the llama.cpp embedding model")?.fields,
    ).toEqual({
      embedder: "llamacpp:llama-2-tiny-random.gguf",
      dimensions: 8,
    });
  });

  it("embeds deterministically, one finite 8-dimensional vector per text", async () => {
    const texts = [
      "Holidays are listed on the intranet.",
      "Expense reports are due monthly.",
      "",
      "ünïcödé ✓",
    ];
    const first = await embedInBatches(embedder, [...texts, ...texts], settings);
    expect(first).toHaveLength(8);
    expect(first.every((vector) => vector.length === 8 && vector.every(Number.isFinite))).toBe(true);
    expect(first.slice(4)).toEqual(first.slice(0, 4));
    expect(await embedder.embedQuery(texts[0] ?? "")).toEqual(first[0]);
    expect(first[0]).not.toEqual(first[1]);
    expect(first[2]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]); // an empty text has no tokens
  });

  it("refuses to embed after close, and closing twice is harmless", async () => {
    const closing = await createEmbedder(settings, createRecordingLogger());
    await closing.close?.();
    await closing.close?.();
    await expect(closing.embedQuery("anything")).rejects.toThrow(
      new DocentError("EMBEDDINGS_FAILED", "The embedder llamacpp:llama-2-tiny-random.gguf is closed"),
    );
  });
});

describe("llama.cpp embeddings with a bad model path", () => {
  it("names the setting to fix when the file does not exist", async () => {
    const missing = { ...settings, model: "/nonexistent/model.gguf" };
    await expect(createEmbedder(missing, createRecordingLogger())).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message:
        "Invalid configuration. Fix EMBEDDINGS_MODEL: /nonexistent/model.gguf does not exist (it must be the path of a GGUF file)",
    });
  });

  it.skipIf(!haveNodeLlamaCpp)("fails clearly when the file is not a GGUF model", async () => {
    const notAModel = fileURLToPath(import.meta.url);
    await expect(
      createEmbedder({ ...settings, model: notAModel }, createRecordingLogger()),
    ).rejects.toMatchObject({
      code: "EMBEDDINGS_FAILED",
      message: `llama.cpp could not load ${notAModel} as an embedding model`,
    });
  });
});
