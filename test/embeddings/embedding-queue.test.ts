import { describe, expect, it } from "vitest";
import type { Embedder, EmbedderCapabilities } from "../../src/embeddings/embedder.js";
import { embedAll, startEmbeddingQueue } from "../../src/embeddings/embedding-queue.js";
import { DocentError } from "../../src/errors.js";

/** A call the test holds open: it answers (with a vector per text) or fails when the test says so. */
interface HeldCall {
  texts: string[];
  answer(vectors?: number[][]): void;
  fail(error: unknown): void;
}

/** An embedder whose calls wait for the test, with the capabilities a test gives it. */
class HeldEmbedder implements Embedder {
  readonly id = "fake:held";
  readonly capabilities: EmbedderCapabilities;
  readonly calls: HeldCall[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(capabilities: Partial<EmbedderCapabilities> = {}) {
    this.capabilities = {
      provider: "fake",
      model: "held",
      dimensions: undefined,
      maxBatchSize: Number.POSITIVE_INFINITY,
      parallelCalls: true,
      hashedFeatures: null,
      ...capabilities,
    };
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve, reject) => {
      const settle = () => this.inFlight--;
      this.calls.push({
        texts,
        answer: (vectors = texts.map(vectorOf)) => {
          settle();
          resolve(vectors);
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      });
    });
  }

  async embedQuery(text: string): Promise<number[]> {
    return vectorOf(text);
  }
}

const vectorOf = (text: string) => [text.length, text.charCodeAt(0), 1];
const texts = ["alpha", "beta", "gamma", "delta", "epsilon"];
const settings = { batchSize: 2, concurrency: 3, maxRetries: 0, timeoutMs: 10_000 };

/** Lets pending promise callbacks and timers of zero run until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn++)
    await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

/** Answers every call as it arrives, until the run settles. */
async function answerAll(embedder: HeldEmbedder, run: Promise<unknown>): Promise<void> {
  let settled = false;
  run.then(
    () => (settled = true),
    () => (settled = true),
  );
  let answered = 0;
  while (!settled) {
    await new Promise((resolve) => setImmediate(resolve));
    for (const call of embedder.calls.slice(answered)) call.answer();
    answered = embedder.calls.length;
  }
}

describe("the embedding queue", () => {
  it("cuts batches to the embedder's largest batch, whatever the batch size setting", async () => {
    const embedder = new HeldEmbedder({ maxBatchSize: 2 });
    const run = embedAll(embedder, texts, { ...settings, batchSize: 64 });
    await answerAll(embedder, run);
    expect(await run).toEqual(texts.map(vectorOf));
    expect(embedder.calls.map((call) => call.texts)).toEqual([
      ["alpha", "beta"],
      ["gamma", "delta"],
      ["epsilon"],
    ]);
  });

  it("makes one call at a time to an embedder without parallel calls, whatever the concurrency", async () => {
    const embedder = new HeldEmbedder({ parallelCalls: false });
    const run = embedAll(embedder, texts, { ...settings, batchSize: 1 });
    await answerAll(embedder, run);
    expect(await run).toEqual(texts.map(vectorOf));
    expect(embedder.calls).toHaveLength(5);
    expect(embedder.maxInFlight).toBe(1);
  });

  it("keeps up to `concurrency` calls in flight and hands batches on in order when they finish out of order", async () => {
    const embedder = new HeldEmbedder();
    const delivered: string[][] = [];
    const progress: number[] = [];
    const queue = startEmbeddingQueue({
      embedder,
      settings,
      embedBatch: async (batch, embed) => ({ batch, vectors: await embed(batch) }),
      onBatch: ({ batch }) => delivered.push(batch),
      onProgress: (embedded) => progress.push(embedded),
    });
    queue.add(texts);
    queue.end();
    await until(() => embedder.calls.length === 3);
    expect(embedder.maxInFlight).toBe(3);
    embedder.calls[2]?.answer();
    embedder.calls[1]?.answer();
    await until(() => embedder.inFlight === 1);
    expect(delivered).toEqual([]);
    embedder.calls[0]?.answer();
    await queue.done;
    expect(delivered).toEqual([["alpha", "beta"], ["gamma", "delta"], ["epsilon"]]);
    expect(progress).toEqual([2, 4, 5]);
  });

  it("checks every reply against the dimension the embedder advertises", async () => {
    const embedder = new HeldEmbedder({ dimensions: 4 });
    const run = embedAll(embedder, ["alpha"], settings);
    await answerAll(embedder, run);
    await expect(run).rejects.toThrow(
      new DocentError(
        "EMBEDDINGS_FAILED",
        "The embedding model fake:held sent an unusable reply: vector 0 has 3 dimensions, expected 4",
      ),
    );
  });

  it("stops at the first failure and starts no new batch", async () => {
    const embedder = new HeldEmbedder({ parallelCalls: false });
    const run = embedAll(embedder, texts, settings);
    await until(() => embedder.calls.length === 1);
    embedder.calls[0]?.fail(Object.assign(new Error("bad request"), { status: 400 }));
    await expect(run).rejects.toMatchObject({
      code: "EMBEDDINGS_FAILED",
      message: "Embedding with fake:held failed: HTTP 400 (not retried)",
    });
    expect(embedder.calls).toHaveLength(1);
  });

  it("rejects a cancel with the caller's error at once, and starts no new batch", async () => {
    const embedder = new HeldEmbedder({ parallelCalls: false });
    const controller = new AbortController();
    const stopped = new DocentError("CANCELLED", "The caller stopped");
    const queue = startEmbeddingQueue({
      embedder,
      settings,
      signal: controller.signal,
      cancelled: () => stopped,
      embedBatch: (batch, embed) => embed(batch),
      onBatch: () => {},
    });
    queue.add(texts);
    queue.end();
    await until(() => embedder.calls.length === 1);
    controller.abort();
    await expect(queue.done).rejects.toBe(stopped);
    expect(queue.signal.aborted).toBe(true);
    embedder.calls[0]?.answer();
    await until(() => embedder.inFlight === 0);
    expect(embedder.calls).toHaveLength(1);
  });

  it("embeds no texts without calling the embedder", async () => {
    const embedder = new HeldEmbedder();
    expect(await embedAll(embedder, [], settings)).toEqual([]);
    expect(embedder.calls).toHaveLength(0);
  });
});
