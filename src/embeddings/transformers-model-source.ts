import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import type { EmbeddingsSettings } from "../config/embeddings-settings.js";
import { DocentError } from "../errors.js";
import type { TransformersSettings } from "./import-transformers.js";

export const defaultTransformersModel = "Xenova/all-MiniLM-L6-v2";
const defaultHub = "https://huggingface.co/";
/** The int8 export (onnx/model_quantized.onnx): about 4x smaller and faster than fp32 on a CPU. */
export const transformersDtype = "q8";
const requiredFiles = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"];

/** Where the model comes from: a folder on this machine (offline), or the Hub through the download cache. */
export interface ModelSource {
  /** What transformers.js is asked to load: the folder's name, or the Hub model id. */
  name: string;
  folder: string | undefined;
}

export function chooseModelSource(settings: EmbeddingsSettings): ModelSource {
  if (settings.modelPath === undefined) {
    return { name: settings.model ?? defaultTransformersModel, folder: undefined };
  }
  checkModelFolder(settings.modelPath);
  return { name: path.basename(settings.modelPath), folder: settings.modelPath };
}

/**
 * transformers.js keeps its settings in one global object: the last embedder created decides them (a process
 * has one embedder). A model folder never downloads; a Hub model never looks in the working directory.
 */
export function applyModelSource(
  env: TransformersSettings,
  source: ModelSource,
  settings: EmbeddingsSettings,
): void {
  const offline = source.folder !== undefined;
  env.allowLocalModels = offline;
  env.allowRemoteModels = !offline;
  if (source.folder !== undefined) env.localModelPath = `${path.dirname(source.folder)}${path.sep}`;
  env.useFSCache = true;
  env.cacheDir = settings.cacheDir ?? null;
  env.remoteHost = settings.baseUrl ?? defaultHub;
}

function checkModelFolder(folder: string): void {
  const fix = (problem: string) =>
    new DocentError(
      "CONFIG_INVALID",
      `Invalid configuration. Fix EMBEDDINGS_MODEL_PATH: ${problem} (it must be a transformers.js model folder with ${requiredFiles.join(", ")})`,
    );
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw fix(`${folder} is not a folder`);
  for (const file of requiredFiles) {
    try {
      accessSync(path.join(folder, file), constants.R_OK);
    } catch {
      throw fix(`${path.join(folder, file)} is missing or unreadable`);
    }
  }
}

/** A failed load, as a sentence naming the variable to fix; transformers.js's own message goes to the cause. */
export function describeLoadFailure(
  source: ModelSource,
  settings: EmbeddingsSettings,
  error: unknown,
): DocentError {
  if (source.folder !== undefined) {
    return new DocentError(
      "CONFIG_INVALID",
      `Invalid configuration. Fix EMBEDDINGS_MODEL_PATH: transformers.js could not load ${source.folder} as a sentence-embedding model`,
      { cause: error },
    );
  }
  const hub = new URL(settings.baseUrl ?? defaultHub).host;
  return new DocentError(
    "EMBEDDINGS_FAILED",
    `Could not download or load the embedding model ${source.name} from ${hub} into ${settings.cacheDir ?? "transformers.js's own cache"}. Check EMBEDDINGS_MODEL and the network (EMBEDDINGS_BASE_URL sets a Hub mirror), or set EMBEDDINGS_MODEL_PATH to a model folder on this machine`,
    { cause: error },
  );
}
