import { DocentError } from "../errors.js";

/** The version README, .ci/run and the Dockerfile install; @langchain/community 1.1.29 asks for ^3.8.1. */
export const transformersPackage = "@huggingface/transformers@3.8.1";

/** A computed specifier keeps TypeScript from requiring the optional package at build time. */
const transformersModule = "@huggingface/transformers";

/** The part of transformers.js's global settings docent sets, typed locally (the package is optional). */
export interface TransformersSettings {
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
  localModelPath: string;
  remoteHost: string;
  useFSCache: boolean;
  cacheDir: string | null;
}

export interface TransformersModule {
  env: TransformersSettings;
}

/**
 * Loads the optional @huggingface/transformers package (with onnxruntime-node, about 375 MB installed), which
 * only EMBEDDINGS_PROVIDER=transformers needs. The error says the one command that adds it. (Tests pass the name
 * of a package that is not installed.)
 */
export async function importTransformers(specifier = transformersModule): Promise<TransformersModule> {
  try {
    return (await import(specifier)) as TransformersModule;
  } catch (error) {
    const missing = (error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND";
    throw new DocentError(
      "CONFIG_INVALID",
      missing
        ? `EMBEDDINGS_PROVIDER=transformers needs the optional package @huggingface/transformers, which is not installed. Run \`ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm install --no-save ${transformersPackage}\` or choose another EMBEDDINGS_PROVIDER`
        : "@huggingface/transformers is installed but could not be loaded on this machine. Reinstall it or choose another EMBEDDINGS_PROVIDER",
      { cause: error },
    );
  }
}
