import { importOptionalPackage } from "../import-optional-package.js";

/**
 * Loads the optional node-llama-cpp package for the in-process engine or embedder. `T` is the caller's own
 * description of the part of the API it uses. The error names the setting that asked for it.
 */
export function importNodeLlamaCpp<T>(setting: "LLM_PROVIDER" | "EMBEDDINGS_PROVIDER"): Promise<T> {
  return importOptionalPackage<T>({
    name: "node-llama-cpp",
    specifier: "node-llama-cpp",
    setting,
    value: "llamacpp",
    install: "npm install node-llama-cpp@3.21.1",
  });
}
