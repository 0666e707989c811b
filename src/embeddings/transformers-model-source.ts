import { accessSync, constants, readdirSync, type Stats, statSync } from "node:fs";
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

/** The most an ONNX file can hold (protobuf's 2 GiB limit); a JSON file of a model folder past 256 MiB is not one. */
const maxOnnxBytes = 2 * 1024 ** 3;
const maxJsonBytes = 256 * 1024 ** 2;

/**
 * Checks the folder before transformers.js reads from it, which it does without looking: a FIFO in place of a
 * file would block it for ever, a device (/dev/zero) would be read without end, a symbolic link loop would end in
 * an ELOOP stack trace. So the folder and each file in it (and in onnx/) must be what it seems: folders and
 * regular files, the required ones present and readable, none larger than such a file can be.
 */
function checkModelFolder(folder: string): void {
  const fix = (problem: string) =>
    new DocentError(
      "CONFIG_INVALID",
      `Invalid configuration. Fix EMBEDDINGS_MODEL_PATH: ${problem} (it must be a transformers.js model folder with ${requiredFiles.join(", ")})`,
    );
  const folderInfo = statOrProblem(folder);
  if (typeof folderInfo === "string") throw fix(`${folder} ${folderInfo}`);
  if (!folderInfo?.isDirectory()) throw fix(`${folder} is not a folder`);
  for (const file of requiredFiles) {
    const full = path.join(folder, file);
    const info = statOrProblem(full);
    if (info === undefined || typeof info === "string") throw fix(`${full} is missing or unreadable`);
    try {
      accessSync(full, constants.R_OK);
    } catch {
      throw fix(`${full} is missing or unreadable`);
    }
  }
  for (const inside of [folder, path.join(folder, "onnx")]) {
    for (const name of listFolder(inside)) {
      const full = path.join(inside, name);
      const info = statOrProblem(full);
      if (typeof info === "string") throw fix(`${full} ${info}`);
      if (info === undefined || info.isDirectory()) continue;
      if (!info.isFile()) throw fix(`${full} is not a regular file (${describeKind(info)})`);
      const limit = name.endsWith(".onnx") ? maxOnnxBytes : name.endsWith(".json") ? maxJsonBytes : Infinity;
      if (info.size > limit) throw fix(`${full} holds ${info.size} bytes, more than such a file can`);
    }
  }
}

/** The file's status (following links), undefined when it does not exist, or why it cannot be looked at. */
function statOrProblem(file: string): Stats | undefined | string {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ELOOP" ? "is a loop of symbolic links" : `cannot be read (${code})`;
  }
}

function listFolder(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

function describeKind(info: Stats): string {
  if (info.isFIFO()) return "a FIFO";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (info.isSocket()) return "a socket";
  return "not a file";
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
