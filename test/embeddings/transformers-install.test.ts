import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { transformersPackage } from "../../src/embeddings/import-transformers.js";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const read = (file: string) => readFileSync(`${projectRoot}/${file}`, "utf8");
const [, pinned = ""] = transformersPackage.split("@huggingface/transformers@");

describe("installing @huggingface/transformers on purpose", () => {
  it("is left out of package.json, like node-llama-cpp (it adds about 375 MB)", () => {
    const manifest = JSON.parse(read("package.json"));
    for (const field of ["dependencies", "optionalDependencies", "devDependencies"]) {
      expect(manifest[field]?.["@huggingface/transformers"], field).toBeUndefined();
    }
  });

  it("names one version, the code's, wherever it is installed, and skips onnxruntime-node's CUDA download there", () => {
    for (const file of ["README.md", "Dockerfile", ".ci/run"]) {
      const text = read(file);
      const versions = [...text.matchAll(/@huggingface\/transformers@([\w.-]+)/g)].map((match) => match[1]);
      expect(versions.length, file).toBeGreaterThan(0);
      expect(new Set(versions), file).toEqual(new Set([pinned]));
      expect(text, file).toContain("ONNXRUNTIME_NODE_INSTALL_CUDA=skip");
    }
  });

  it("is a version @langchain/community's HuggingFaceTransformersEmbeddings declares it works with", () => {
    const community = JSON.parse(read("node_modules/@langchain/community/package.json"));
    const range: string = community.peerDependencies["@huggingface/transformers"];
    const [major, minor, patch] = range.replace(/^\^/, "").split(".").map(Number);
    const [pinnedMajor, pinnedMinor, pinnedPatch] = pinned.split(".").map(Number);
    expect(range.startsWith("^"), range).toBe(true);
    expect(pinnedMajor).toBe(major);
    expect((pinnedMinor ?? 0) * 1e6 + (pinnedPatch ?? 0)).toBeGreaterThanOrEqual(
      (minor ?? 0) * 1e6 + (patch ?? 0),
    );
  });
});
