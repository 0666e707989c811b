import { describe, expect, it } from "vitest";
import { importTransformers } from "../../src/embeddings/import-transformers.js";

describe("the optional transformers.js package", () => {
  it("when missing, says the one command that installs it", async () => {
    await expect(importTransformers("@huggingface/transformers-not-installed")).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message:
        "EMBEDDINGS_PROVIDER=transformers needs the optional package @huggingface/transformers, which is not installed. Run `ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm install --no-save @huggingface/transformers@3.8.1` or choose another EMBEDDINGS_PROVIDER",
    });
  });
});
