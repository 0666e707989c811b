import { importOptionalPackage } from "../import-optional-package.js";

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
export function importTransformers(specifier = transformersModule): Promise<TransformersModule> {
  return importOptionalPackage<TransformersModule>({
    name: transformersModule,
    specifier,
    setting: "EMBEDDINGS_PROVIDER",
    value: "transformers",
    install: `ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm install --no-save ${transformersPackage}`,
  });
}
