import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbedder } from "../../src/embeddings/create-embedder.js";
import type { Embedder } from "../../src/embeddings/embedder.js";
import { embedAll } from "../../src/embeddings/embedding-queue.js";
import { haveNodeLlamaCpp, tinyGgufPath, tinyGgufSkipReason } from "../helpers/tiny-gguf.js";
import { describeEmbedderContract } from "./embedder-contract.js";
import { embeddingsSettings } from "./embeddings-settings.js";
import { createRecordingLogger } from "./recording-logger.js";

const modelPath = tinyGgufPath;
const skipReason = tinyGgufSkipReason;
const settings = embeddingsSettings({ provider: "llamacpp", model: modelPath });

describeEmbedderContract(
  "llama.cpp in-process (tiny GGUF)",
  () => createEmbedder(settings, createRecordingLogger()),
  { dimensions: 8, closes: true, parallelCalls: false, skipReason },
);

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

  it("gives a text without tokens a zero vector of the model's size", async () => {
    const [empty, text] = await embedAll(embedder, ["", "Expense reports are due monthly."], settings);
    expect(empty).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(text?.some((value) => value !== 0)).toBe(true);
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
