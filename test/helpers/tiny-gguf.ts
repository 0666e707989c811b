import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The tiny Llama 2 GGUF in ../shared (random weights: plumbing tests only), and why tests using it may skip. */
export const tinyGgufPath = fileURLToPath(
  new URL("../../../shared/models/llama-2-tiny-random/llama-2-tiny-random.gguf", import.meta.url),
);

/** A computed specifier: node-llama-cpp is installed on purpose only (README), so TypeScript must not require it. */
const nodeLlamaCppPackage = "node-llama-cpp";

export const haveNodeLlamaCpp = await import(nodeLlamaCppPackage).then(
  () => true,
  () => false,
);

/** Empty when the model and node-llama-cpp are both there; otherwise the reason, for the test title. */
export const tinyGgufSkipReason = !existsSync(tinyGgufPath)
  ? ` (skipped: the tiny GGUF model is not at ${tinyGgufPath})`
  : !haveNodeLlamaCpp
    ? " (skipped: the optional package node-llama-cpp is not installed)"
    : "";
