import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The tiny Llama 2 GGUF in ../shared (random weights: plumbing tests only), and why tests using it may skip. */
export const tinyGgufPath = fileURLToPath(
  new URL("../../../shared/models/llama-2-tiny-random/llama-2-tiny-random.gguf", import.meta.url),
);

export const haveNodeLlamaCpp = await import("node-llama-cpp").then(
  () => true,
  () => false,
);

/** Empty when the model and node-llama-cpp are both there; otherwise the reason, for the test title. */
export const tinyGgufSkipReason = !existsSync(tinyGgufPath)
  ? ` (skipped: the tiny GGUF model is not at ${tinyGgufPath})`
  : !haveNodeLlamaCpp
    ? " (skipped: the optional package node-llama-cpp is not installed)"
    : "";
