import { existsSync } from "node:fs";
import { DocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import { importNodeLlamaCpp } from "./import-node-llama-cpp.js";
import type { Llama, LlamaModel, NodeLlamaCpp } from "./node-llama-cpp-types.js";

export interface LoadedLlamaModel {
  modelPath: string;
  library: NodeLlamaCpp;
  llama: Llama;
  model: LlamaModel;
}

/** Which settings name the model file and the provider, for the error sentences. */
export interface LlamaModelSettings {
  pathSetting: "LLM_MODEL_PATH" | "EMBEDDINGS_MODEL";
  providerSetting: "LLM_PROVIDER" | "EMBEDDINGS_PROVIDER";
}

/**
 * Loads a GGUF in process, for the engine and the embedder alike: the file must exist (else the sentence names the
 * setting), node-llama-cpp is imported, llama.cpp starts from its prebuilt binaries with its warnings in our log, and
 * the model is read. A failure after the import frees llama.cpp and becomes `failed(error)`, the caller's own error.
 */
export async function loadLlamaModel(
  modelPath: string | undefined,
  settings: LlamaModelSettings,
  logger: Logger,
  failed: (error: unknown) => DocentError,
): Promise<LoadedLlamaModel> {
  if (modelPath === undefined || !existsSync(modelPath)) {
    throw new DocentError(
      "CONFIG_INVALID",
      `Invalid configuration. Fix ${settings.pathSetting}: ${modelPath ?? "(unset)"} does not exist (it must be the path of a GGUF file)`,
    );
  }
  const library = await importNodeLlamaCpp<NodeLlamaCpp>(settings.providerSetting);
  const llamaLogger = logger.child({ component: "llama.cpp" });
  let llama: Llama | undefined;
  try {
    llama = await library.getLlama({
      build: "never",
      logLevel: "warn",
      logger: (level, message) => llamaLogger.warn({ level }, message),
    });
    return { modelPath, library, llama, model: await llama.loadModel({ modelPath }) };
  } catch (error) {
    await llama?.dispose();
    throw failed(error);
  }
}
