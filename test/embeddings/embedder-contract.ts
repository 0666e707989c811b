import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Embedder } from "../../src/embeddings/embedder.js";
import { embedAll } from "../../src/embeddings/embedding-queue.js";
import { embedTerms } from "../../src/embeddings/hashed-features.js";
import { DocentError } from "../../src/errors.js";
import { tokenize } from "../../src/text/tokenize.js";

/**
 * The behaviour every Embedder keeps (local, Ollama, OpenAI-compatible, llama.cpp, transformers.js): a stable
 * identity, capabilities that are true of it, one finite vector of one dimension per text, in order, the same vector
 * for the same text and different vectors for different texts, and a safe close. Each embedder's test file calls this with a factory
 * that returns a ready embedder (the remote ones pointed at the loopback fake server).
 */

export interface EmbedderContractOptions {
  /** The length of every vector this embedder returns. */
  dimensions: number;
  /** Whether the embedder holds a model that close() releases (the in-process ones). */
  closes?: boolean;
  /** A server's model: the dimension is learnt from its first reply, not advertised. */
  learnsDimensions?: boolean;
  /** Whether it advertises hashed features (the local embedder), whose vectors the ingest computes itself. */
  hashedFeatures?: boolean;
  /** Whether several calls may run at once. */
  parallelCalls: boolean;
  /** Non-empty when the embedder cannot run on this machine: the reason, appended to the suite's title. */
  skipReason?: string;
}

/** Texts whose fake-server vectors (length, code-point sum) all differ, with a non-ASCII one among them. */
const texts = [
  "Holidays are listed on the intranet.",
  "Expense reports are due on the fifth of each month.",
  "ünïcödé ✓ naïve café",
  "VPN access needs a hardware token.",
];

/**
 * How far one text's vector may move with the other texts in its batch. An int8 model quantises activations per
 * batch, padding included, so tiny BERT moves by up to about 1e-4; different texts lie more than 1e-2 apart.
 */
const batchTolerance = 1e-3;

function largestGap(left: number[] | undefined, right: number[] | undefined): number {
  return Math.max(...(left ?? []).map((value, index) => Math.abs(value - (right?.[index] ?? Number.NaN))));
}

function expectSameVector(actual: number[] | undefined, expected: number[] | undefined) {
  expect(actual).toHaveLength(expected?.length ?? -1);
  expect(largestGap(actual, expected)).toBeLessThan(batchTolerance);
}

export function describeEmbedderContract(
  name: string,
  makeEmbedder: () => Promise<Embedder>,
  options: EmbedderContractOptions,
) {
  const skipReason = options.skipReason ?? "";
  describe.skipIf(skipReason !== "")(`embedder contract: ${name}${skipReason}`, () => {
    let embedder: Embedder;
    beforeAll(async () => {
      embedder = await makeEmbedder();
    });
    afterAll(() => embedder?.close?.());

    it("has a stable, non-empty id: the same after embedding and for a second instance", async () => {
      const id = embedder.id;
      expect(typeof id).toBe("string");
      expect(id.trim()).not.toBe("");
      await embedder.embedQuery(texts[0] as string);
      expect(embedder.id).toBe(id);
      const second = await makeEmbedder();
      expect(second.id).toBe(id);
      await second.close?.();
    });

    it("advertises capabilities that are true of it: provider, model, dimension, batch limit, parallel calls", async () => {
      const { capabilities } = embedder;
      expect(embedder.id.startsWith(`${capabilities.provider}:`)).toBe(true);
      expect(capabilities.model.trim()).not.toBe("");
      expect(capabilities.dimensions).toBe(options.learnsDimensions ? undefined : options.dimensions);
      const limit = capabilities.maxBatchSize;
      expect(limit === Number.POSITIVE_INFINITY || (Number.isInteger(limit) && limit > 0)).toBe(true);
      expect(capabilities.parallelCalls).toBe(options.parallelCalls);
      expect(capabilities.hashedFeatures !== null).toBe(options.hashedFeatures === true);
    });

    it.runIf(options.hashedFeatures)(
      "gives exactly the hashed features of each text's tokens, as the ingest computes them itself",
      async () => {
        const dimensions = embedder.capabilities.hashedFeatures?.dimensions ?? 0;
        expect(dimensions).toBe(options.dimensions);
        const vectors = await embedder.embedDocuments(texts);
        expect(vectors).toEqual(texts.map((text) => embedTerms(tokenize(text), dimensions)));
      },
    );

    it("embeds a query as a plain array of finite numbers of the advertised dimension", async () => {
      const vector = await embedder.embedQuery(texts[1] as string);
      expect(Array.isArray(vector)).toBe(true);
      expect(vector).toHaveLength(options.dimensions);
      expect(vector.every((value) => typeof value === "number" && Number.isFinite(value))).toBe(true);
      expect(vector.some((value) => value !== 0)).toBe(true);
    });

    it("embeds documents one vector per text, in order, each the vector of that text alone", async () => {
      const vectors = await embedder.embedDocuments(texts);
      expect(vectors).toHaveLength(texts.length);
      for (const [index, text] of texts.entries()) {
        expect(vectors[index]).toHaveLength(options.dimensions);
        expectSameVector(vectors[index], await embedder.embedQuery(text));
      }
      const reversed = await embedder.embedDocuments([...texts].reverse());
      for (const [index, vector] of reversed.reverse().entries()) expectSameVector(vector, vectors[index]);
    });

    it("returns no vectors for no texts", async () => {
      expect(await embedder.embedDocuments([])).toEqual([]);
    });

    it("gives the same text the same vector and different texts different vectors", async () => {
      const text = texts[2] as string;
      expect(await embedder.embedQuery(text)).toEqual(await embedder.embedQuery(text));
      const [first, other, again] = await embedder.embedDocuments([text, texts[3] as string, text]);
      expectSameVector(again, first);
      expect(largestGap(other, first)).toBeGreaterThan(10 * batchTolerance);
      const vectors = await embedder.embedDocuments(texts);
      for (const [index, vector] of vectors.entries()) {
        for (const earlier of vectors.slice(0, index)) {
          expect(largestGap(vector, earlier)).toBeGreaterThan(10 * batchTolerance);
        }
      }
    });

    it("passes the embedding queue's checks: batches embedded concurrently match one call", async () => {
      const settings = { batchSize: 1, concurrency: 3, maxRetries: 0, timeoutMs: 30_000 };
      const batched = await embedAll(embedder, texts, settings);
      const whole = await embedder.embedDocuments(texts);
      expect(batched).toHaveLength(texts.length);
      for (const [index, vector] of batched.entries()) expectSameVector(vector, whole[index]);
    });

    it(
      options.closes
        ? "releases its model on close: closing twice is harmless, embedding afterwards fails clearly"
        : "holds nothing to release (no close method)",
      async () => {
        const closing = await makeEmbedder();
        expect(typeof closing.close).toBe(options.closes ? "function" : "undefined");
        if (!options.closes) return;
        await closing.embedQuery(texts[0] as string);
        await closing.close?.();
        await closing.close?.();
        await expect(closing.embedQuery("anything")).rejects.toThrow(
          new DocentError("EMBEDDINGS_FAILED", `The embedder ${closing.id} is closed`),
        );
        await expect(closing.embedDocuments(["anything"])).rejects.toMatchObject({
          code: "EMBEDDINGS_FAILED",
        });
      },
    );
  });
}
