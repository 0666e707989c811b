import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";

const load = (environment: Record<string, string>) =>
  loadConfig({ environment, envFile: null, cwd: "/srv/docent" });

const problemWith = (environment: Record<string, string>) => {
  try {
    load(environment);
    return "no error";
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
};

describe("embeddings settings", () => {
  it("caches downloaded transformers.js models under the state folder unless EMBEDDINGS_CACHE_DIR says otherwise", () => {
    const config = load({ EMBEDDINGS_PROVIDER: "transformers", DOCENT_STATE_DIR: "state" });
    expect(config.embeddings).toMatchObject({
      provider: "transformers",
      model: undefined,
      modelPath: undefined,
      cacheDir: "/srv/docent/state/models",
    });
    expect(load({ EMBEDDINGS_CACHE_DIR: "/var/cache/docent" }).embeddings.cacheDir).toBe("/var/cache/docent");
    expect(Object.isFrozen(config.embeddings)).toBe(true);
  });

  it("resolves EMBEDDINGS_MODEL_PATH against the working directory", () => {
    const config = load({
      EMBEDDINGS_PROVIDER: "transformers",
      EMBEDDINGS_MODEL_PATH: "models/all-MiniLM-L6-v2",
    });
    expect(config.embeddings.modelPath).toBe("/srv/docent/models/all-MiniLM-L6-v2");
  });

  it("refuses a model folder for a provider that does not read one, or next to EMBEDDINGS_MODEL", () => {
    expect(problemWith({ EMBEDDINGS_MODEL_PATH: "models/x" })).toBe(
      "CONFIG_INVALID: Invalid configuration. Unset EMBEDDINGS_MODEL_PATH, or set EMBEDDINGS_PROVIDER=transformers: only transformers reads a model folder (llamacpp takes its GGUF file in EMBEDDINGS_MODEL)",
    );
    expect(
      problemWith({
        EMBEDDINGS_PROVIDER: "transformers",
        EMBEDDINGS_MODEL: "Xenova/bge-small-en-v1.5",
        EMBEDDINGS_MODEL_PATH: "models/x",
      }),
    ).toBe(
      "CONFIG_INVALID: Invalid configuration. Set EMBEDDINGS_MODEL (a model to download) or EMBEDDINGS_MODEL_PATH (a model folder on this machine), not both",
    );
  });

  it("lists transformers among the providers when the value is not one", () => {
    expect(problemWith({ EMBEDDINGS_PROVIDER: "onnx" })).toContain(
      "local, ollama, openai, llamacpp or transformers",
    );
  });
});
