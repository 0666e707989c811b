import { DocentError } from "../errors.js";

/** A computed specifier keeps TypeScript from requiring the optional package at build time. */
const nodeLlamaCppPackage = "node-llama-cpp";

/**
 * Loads the optional node-llama-cpp package for the in-process engine or embedder. `T` is the caller's own
 * description of the part of the API it uses. The error names the setting that asked for it.
 */
export async function importNodeLlamaCpp<T>(setting: "LLM_PROVIDER" | "EMBEDDINGS_PROVIDER"): Promise<T> {
  try {
    return (await import(nodeLlamaCppPackage)) as T;
  } catch (error) {
    const missing = (error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND";
    throw new DocentError(
      "CONFIG_INVALID",
      missing
        ? `${setting}=llamacpp needs the optional package node-llama-cpp, which is not installed. Run \`npm install node-llama-cpp@3.21.1\` or choose another ${setting}`
        : `node-llama-cpp is installed but could not be loaded on this machine. Reinstall it or choose another ${setting}`,
      { cause: error },
    );
  }
}
