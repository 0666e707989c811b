import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The tiny BERT model folder in ../shared (random weights, 32 dimensions: plumbing tests only). */
export const tinyBertFolder = fileURLToPath(
  new URL("../../../shared/models/tiny-bert-random", import.meta.url),
);

/** A computed specifier: @huggingface/transformers is installed on purpose only (README). */
const transformersPackage = "@huggingface/transformers";

export const haveTransformers = await import(transformersPackage).then(
  () => true,
  () => false,
);

/** Empty when the package is installed; otherwise the reason, for the test title. */
export const transformersSkipReason = haveTransformers
  ? ""
  : " (skipped: the optional package @huggingface/transformers is not installed)";

/** Empty when the model folder and the package are both there; otherwise the reason, for the test title. */
export const tinyBertSkipReason = !existsSync(tinyBertFolder)
  ? ` (skipped: the tiny BERT model is not at ${tinyBertFolder})`
  : transformersSkipReason;
