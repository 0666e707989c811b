import { spawnSync } from "node:child_process";
import { mkdir, rm, stat, symlink, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config.js";
import { loadConfig } from "../../src/config/config.js";
import { createEmbedder } from "../../src/embeddings/create-embedder.js";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder } from "../helpers/temp-folder.js";
import { tinyBertFolder, tinyBertSkipReason, transformersSkipReason } from "../helpers/tiny-bert.js";
import { describeEmbedderContract } from "./embedder-contract.js";
import { embeddingsSettings } from "./embeddings-settings.js";
import { findClosedPort } from "./fake-embedding-server.js";
import { startFakeModelHub } from "./fake-model-hub.js";
import { createRecordingLogger } from "./recording-logger.js";

const tinyBertId = "transformers:tiny-bert-random:q8:32";

/** Offline settings: the model folder in ../shared, nothing downloaded. */
async function tinyBertSettings(): Promise<Config["embeddings"]> {
  return embeddingsSettings({
    provider: "transformers",
    modelPath: tinyBertFolder,
    cacheDir: await makeTempFolder(),
  });
}

describeEmbedderContract(
  "transformers.js in-process (tiny BERT, random weights)",
  async () => createEmbedder(await tinyBertSettings(), createRecordingLogger()),
  { dimensions: 32, closes: true, parallelCalls: true, skipReason: tinyBertSkipReason },
);

describe.skipIf(tinyBertSkipReason !== "")(`transformers.js embeddings${tinyBertSkipReason}`, () => {
  it("is chosen by EMBEDDINGS_PROVIDER=transformers with a model folder, and named by model, dtype and size", async () => {
    const config = loadConfig({
      environment: { EMBEDDINGS_PROVIDER: "transformers", EMBEDDINGS_MODEL_PATH: tinyBertFolder },
      envFile: null,
      cwd: await makeTempFolder(),
    });
    const logger = createRecordingLogger();
    const embedder = await createEmbedder(config.embeddings, logger);
    expect(embedder.id).toBe(tinyBertId);
    expect(logger.entries.map((entry) => [entry.message, entry.fields])).toEqual([
      [
        "Loaded the transformers.js embedding model",
        { embedder: tinyBertId, dimensions: 32, from: tinyBertFolder },
      ],
      ["Embedder ready", { embedder: tinyBertId, provider: "transformers" }],
    ]);
    await embedder.close?.();
  });

  it("mean-pools and normalises: every vector has length 1, also for an empty text", async () => {
    const embedder = await createEmbedder(await tinyBertSettings(), createRecordingLogger());
    const vectors = await embedder.embedDocuments(["Parental leave is sixteen weeks.", "", "a\nb"]);
    for (const vector of vectors) expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    await embedder.close?.();
  });
});

describe("transformers.js embeddings with a bad model folder", () => {
  const settingsWith = async (modelPath: string) => ({ ...(await tinyBertSettings()), modelPath });

  it("names EMBEDDINGS_MODEL_PATH when the folder does not exist", async () => {
    await expect(
      createEmbedder(await settingsWith("/nonexistent/all-MiniLM-L6-v2"), createRecordingLogger()),
    ).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message:
        "Invalid configuration. Fix EMBEDDINGS_MODEL_PATH: /nonexistent/all-MiniLM-L6-v2 is not a folder (it must be a transformers.js model folder with config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx)",
    });
  });

  it("names the missing file when the folder holds no int8 ONNX model", async () => {
    const folder = path.join(await makeTempFolder(), "half-a-model");
    await mkdir(folder);
    for (const file of ["config.json", "tokenizer.json", "tokenizer_config.json"]) {
      await writeFile(path.join(folder, file), "{}");
    }
    await expect(createEmbedder(await settingsWith(folder), createRecordingLogger())).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringContaining(
        `Fix EMBEDDINGS_MODEL_PATH: ${path.join(folder, "onnx/model_quantized.onnx")} is missing or unreadable`,
      ),
    });
  });

  /** A folder with every required file, for a test to put something else in the place of one. */
  async function completeFolder(): Promise<string> {
    const folder = path.join(await makeTempFolder(), "model");
    await mkdir(path.join(folder, "onnx"), { recursive: true });
    for (const file of [
      "config.json",
      "tokenizer.json",
      "tokenizer_config.json",
      "onnx/model_quantized.onnx",
    ]) {
      await writeFile(path.join(folder, file), "{}");
    }
    return folder;
  }

  it("refuses a FIFO, a device or a file too large to be one in place of a model file, before reading it", async () => {
    const fifo = await completeFolder();
    await rm(path.join(fifo, "config.json"));
    expect(spawnSync("mkfifo", [path.join(fifo, "config.json")]).status).toBe(0);
    const device = await completeFolder();
    await rm(path.join(device, "onnx/model_quantized.onnx"));
    await symlink("/dev/zero", path.join(device, "onnx/model_quantized.onnx"));
    const huge = await completeFolder();
    await truncate(path.join(huge, "onnx/model_quantized.onnx"), 3 * 1024 ** 3);
    for (const [folder, problem] of [
      [fifo, `${path.join(fifo, "config.json")} is not a regular file (a FIFO)`],
      [device, `${path.join(device, "onnx/model_quantized.onnx")} is not a regular file (a device)`],
      [
        huge,
        `${path.join(huge, "onnx/model_quantized.onnx")} holds 3221225472 bytes, more than such a file can`,
      ],
    ] as const) {
      await expect(createEmbedder(await settingsWith(folder), createRecordingLogger())).rejects.toMatchObject(
        {
          code: "CONFIG_INVALID",
          message: expect.stringContaining(`Fix EMBEDDINGS_MODEL_PATH: ${problem} (it must be`),
        },
      );
    }
  });

  it("says a symbolic link loop is one, without a stack trace (the CLI)", async () => {
    const folder = await makeTempFolder();
    const loop = path.join(folder, "model");
    await symlink(loop, loop);
    const run = await runDocent(["search", "--index", path.join(folder, "index"), "parking"], {
      env: { EMBEDDINGS_PROVIDER: "transformers", EMBEDDINGS_MODEL_PATH: loop },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `docent: Invalid configuration. Fix EMBEDDINGS_MODEL_PATH: ${loop} is a loop of symbolic links (it must be a ` +
        "transformers.js model folder with config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx)\n",
    );
  });

  it.skipIf(transformersSkipReason !== "")(
    "names EMBEDDINGS_MODEL_PATH when the files are not a model",
    async () => {
      const folder = path.join(await makeTempFolder(), "not-a-model");
      await mkdir(path.join(folder, "onnx"), { recursive: true });
      for (const file of [
        "config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "onnx/model_quantized.onnx",
      ]) {
        await writeFile(path.join(folder, file), "not json, not ONNX");
      }
      await expect(createEmbedder(await settingsWith(folder), createRecordingLogger())).rejects.toMatchObject(
        {
          code: "CONFIG_INVALID",
          message: `Invalid configuration. Fix EMBEDDINGS_MODEL_PATH: transformers.js could not load ${folder} as a sentence-embedding model`,
        },
      );
    },
  );
});

describe.skipIf(tinyBertSkipReason !== "")(`transformers.js downloads${tinyBertSkipReason}`, () => {
  it("downloads a Hub model once into the cache folder, then loads it from there without the Hub", async () => {
    const hub = await startFakeModelHub(tinyBertFolder);
    const settings = {
      ...(await tinyBertSettings()),
      modelPath: undefined,
      model: "acme/tiny-bert-random",
      baseUrl: hub.url,
    };
    const downloaded = await createEmbedder(settings, createRecordingLogger());
    expect(downloaded.id).toBe("transformers:acme/tiny-bert-random:q8:32");
    expect(hub.requests).toContain("/acme/tiny-bert-random/resolve/main/onnx/model_quantized.onnx");
    const cached = path.join(settings.cacheDir as string, "acme/tiny-bert-random/onnx/model_quantized.onnx");
    expect((await stat(cached)).size).toBe(
      (await stat(path.join(tinyBertFolder, "onnx/model_quantized.onnx"))).size,
    );
    await hub.close();

    const fromCache = await createEmbedder(settings, createRecordingLogger());
    expect(await fromCache.embedQuery("parental leave")).toEqual(
      await downloaded.embedQuery("parental leave"),
    );
    await Promise.all([downloaded.close?.(), fromCache.close?.()]);
  });

  it("says which model could not be downloaded and which variables to fix", async () => {
    const port = await findClosedPort();
    const settings = {
      ...(await tinyBertSettings()),
      modelPath: undefined,
      model: "Xenova/all-MiniLM-L6-v2",
      baseUrl: `http://127.0.0.1:${port}`,
    };
    await expect(createEmbedder(settings, createRecordingLogger())).rejects.toMatchObject({
      code: "EMBEDDINGS_FAILED",
      message: `Could not download or load the embedding model Xenova/all-MiniLM-L6-v2 from 127.0.0.1:${port} into ${settings.cacheDir}. Check EMBEDDINGS_MODEL and the network (EMBEDDINGS_BASE_URL sets a Hub mirror), or set EMBEDDINGS_MODEL_PATH to a model folder on this machine`,
    });
  });
});
