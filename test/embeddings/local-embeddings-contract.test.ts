import { LocalEmbeddings } from "../../src/embeddings/local-embeddings.js";
import { describeEmbedderContract } from "./embedder-contract.js";

// The local embedder's own behaviour (unit vectors, hashed features) is tested in test/retrieval/local-embeddings.test.ts.
describeEmbedderContract("local (hashed n-grams)", async () => new LocalEmbeddings(), {
  dimensions: 384,
  hashedFeatures: true,
  parallelCalls: true,
});
