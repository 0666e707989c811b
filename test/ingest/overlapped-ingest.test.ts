import { readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { describe, expect, it } from "vitest";
import { splitterVersion } from "../../ingest/ingest-pipeline.js";
import { listSources } from "../../ingest/list-sources.js";
import { loadAndSplit } from "../../ingest/load-and-split.js";
import { planChanges } from "../../ingest/plan-changes.js";
import type { Embedder } from "../../src/embeddings/embedder.js";
import { embedAll } from "../../src/embeddings/embedding-queue.js";
import { embedText } from "../../src/embeddings/hashed-features.js";
import { LocalEmbeddings } from "../../src/embeddings/local-embeddings.js";
import { DocentError, isDocentError } from "../../src/errors.js";
import { createFileIndexStore } from "../../src/index-store/files/file-index-store.js";
import { openCurrentFileGeneration } from "../../src/index-store/files/load-file-generation.js";
import { chunkIndexText } from "../../src/retrieval/index-text.js";
import { documentsFolder } from "../../src/sources/folder/folder-source.js";
import { generatedNotes } from "../helpers/generated-notes.js";
import { ingestFolder, searchLoaded } from "../helpers/ingest-fixture.js";
import { readCurrentIndex } from "../helpers/read-current-index.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { tinyHandbook } from "../helpers/tiny-handbook.js";

const settings = { batchSize: 3, concurrency: 3, maxRetries: 0, timeoutMs: 10_000 };
const chunking = { chunkSize: 400, chunkOverlap: 60 };

/**
 * A remote-like embedder: each batch takes a different time (so that batches finish out of order), the vectors
 * are the local embedder's, and `onBatch` can fail or cancel a given batch.
 */
class DelayedEmbedder extends Embeddings implements Embedder {
  readonly id = "fake:delayed";
  readonly capabilities = {
    provider: "fake",
    model: "delayed",
    dimensions: undefined,
    maxBatchSize: Number.POSITIVE_INFINITY,
    parallelCalls: true,
    hashedFeatures: null,
  };
  batches = 0;
  constructor(private readonly onBatch: (batch: number) => void = () => {}) {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const batch = this.batches++;
    await new Promise((resolve) => setTimeout(resolve, [7, 1, 4, 0, 9, 2][batch % 6]));
    this.onBatch(batch);
    return texts.map((text) => embedText(text, 32));
  }
  async embedQuery(text: string): Promise<number[]> {
    return embedText(text, 32);
  }
}

/** The stages one after another, as the ingest ran before it overlapped them: embed everything, then write. */
async function ingestSequentially(docsDir: string, indexDir: string, embedder: Embedder): Promise<void> {
  const store = createFileIndexStore(indexDir);
  const current = await store.currentGeneration();
  const previous = current === null ? null : await store.readManifest(current);
  const { listed: read } = await listSources([documentsFolder(docsDir, 2 ** 20)], undefined);
  const plan = planChanges(read, previous, { keys: new Set(), folders: new Set(), sources: new Set() });
  const { split } = await loadAndSplit([...plan.added, ...plan.updated], chunking);
  const texts = split.flatMap((file) => file.chunks.map(chunkIndexText));
  const vectors = await embedAll(embedder, texts, { ...settings, concurrency: 1 });
  await store.writeGeneration({
    name: `gen-sequential-${Date.now()}`,
    previous,
    replacedSources: new Set([...plan.removed, ...split.map(({ file }) => file.source)]),
    split,
    vectors,
    embedderId: embedder.id,
    dimensions: vectors[0]?.length ?? 0,
    chunking: { ...chunking, splitterVersion },
    run: { added: 0, updated: 0, removed: 0, unchanged: 0, skipped: 0, failed: [], durationMs: 0 },
    docsDir,
  });
}

async function setUp(documents: Record<string, string>) {
  const root = await makeTempFolder();
  const docsDir = path.join(root, "docs");
  await writeFiles(docsDir, documents);
  return { root, docsDir };
}

const corpus = { ...tinyHandbook, ...generatedNotes(16) };

describe("overlapped ingest", () => {
  it.each([
    ["the local embedder (on the worker thread)", () => new LocalEmbeddings({ dimensions: 32 })],
    ["a remote embedder whose batches finish out of order", () => new DelayedEmbedder()],
  ])("builds the same index as the stages run one after another, with %s", async (_name, makeEmbedder) => {
    const { root, docsDir } = await setUp(corpus);
    const overlapped = path.join(root, "overlapped");
    const sequential = path.join(root, "sequential");
    const run = () => ingestFolder(docsDir, overlapped, makeEmbedder(), { embedding: settings, chunking });

    const first = await run();
    expect(first.chunks).toBeGreaterThan(settings.batchSize * settings.concurrency * 2);
    await ingestSequentially(docsDir, sequential, makeEmbedder());
    expect(await readCurrentIndex(overlapped)).toEqual(await readCurrentIndex(sequential));

    // Incremental: a file changed, one deleted, one added (labels re-used, vectors inserted at commit).
    await writeFile(
      path.join(docsDir, "notes/harbour-2.md"),
      "# Harbour note 2\n\nThe ferry leaves at noon.\n",
    );
    await rm(path.join(docsDir, "notes/harbour-4.md"));
    await writeFile(path.join(docsDir, "notes/new.md"), "# New\n\nA new note about the lighthouse.\n");
    await run();
    await ingestSequentially(docsDir, sequential, makeEmbedder());
    expect(await readCurrentIndex(overlapped)).toEqual(await readCurrentIndex(sequential));
  });

  it.each([
    ["on the worker thread", corpus],
    ["on the calling thread (a few files)", tinyHandbook],
  ])("computes the vectors itself for any embedder advertising hashed features, %s", async (_name, files) => {
    const { root, docsDir } = await setUp(files);
    const local = new LocalEmbeddings({ dimensions: 32 });
    // Not a LocalEmbeddings: only its capabilities say that its vectors are hashed features.
    const advertising: Embedder = {
      id: local.id,
      capabilities: local.capabilities,
      embedDocuments: async () => {
        throw new Error("the ingest called embedDocuments");
      },
      embedQuery: (text) => local.embedQuery(text),
    };
    await ingestFolder(docsDir, path.join(root, "advertising"), advertising, {
      embedding: settings,
      chunking,
    });
    await ingestFolder(docsDir, path.join(root, "local"), local, { embedding: settings, chunking });
    const written = await readCurrentIndex(path.join(root, "advertising"));
    expect(written.manifest.counts?.chunks).toBeGreaterThan(0);
    expect(written).toEqual(await readCurrentIndex(path.join(root, "local")));
  });

  it("leaves the current index unchanged when cancelled mid-way, with either embedder", async () => {
    const { root, docsDir } = await setUp(corpus);
    const indexDir = path.join(root, "index");
    await ingestFolder(docsDir, indexDir, new LocalEmbeddings({ dimensions: 32 }), { chunking });
    const before = await readCurrentIndex(indexDir);
    const generations = await readdir(path.join(indexDir, "generations"));

    const local = new AbortController();
    const cancelledLocal = ingestFolder(docsDir, indexDir, new LocalEmbeddings({ dimensions: 32 }), {
      rebuild: true,
      embedding: settings,
      chunking,
      signal: local.signal,
      onProgress: (stage, done) => {
        if (stage === "embedding" && done > 0) local.abort();
      },
    });
    await expect(cancelledLocal).rejects.toSatisfy((error) => isDocentError(error, "CANCELLED"));

    const remote = new AbortController();
    const embedder = new DelayedEmbedder((batch) => {
      if (batch === 2) remote.abort();
    });
    const cancelledRemote = ingestFolder(docsDir, indexDir, embedder, {
      embedding: settings,
      chunking,
      signal: remote.signal,
    });
    await expect(cancelledRemote).rejects.toSatisfy((error) => isDocentError(error, "CANCELLED"));
    expect(await readCurrentIndex(indexDir)).toEqual(before);
    expect(await readdir(path.join(indexDir, "generations"))).toEqual(generations);
  });

  it("fails cleanly on a failed embedding batch: the current generation is still served, nothing half-written", async () => {
    const { root, docsDir } = await setUp(corpus);
    const indexDir = path.join(root, "index");
    const working = new DelayedEmbedder();
    await ingestFolder(docsDir, indexDir, working, { chunking });
    const before = await readCurrentIndex(indexDir);
    const generations = await readdir(path.join(indexDir, "generations"));

    const failing = new DelayedEmbedder((batch) => {
      if (batch === 3)
        throw new DocentError("EMBEDDINGS_FAILED", "the server refused batch 3", { status: 400 });
    });
    await writeFile(path.join(docsDir, "notes/harbour-1.md"), "# Harbour note 1\n\nChanged.\n");
    const failed = ingestFolder(docsDir, indexDir, failing, { rebuild: true, embedding: settings, chunking });
    await expect(failed).rejects.toSatisfy((error) => isDocentError(error, "EMBEDDINGS_FAILED"));
    expect(failing.batches).toBeLessThan(20);

    expect(await readCurrentIndex(indexDir)).toEqual(before);
    expect(await readdir(path.join(indexDir, "generations"))).toEqual(generations);
    const served = await openCurrentFileGeneration(indexDir, working.id);
    const hits = await searchLoaded(served, working, "how many weeks of parental leave", { k: 1 });
    expect(hits[0]?.chunk.source).toBe("hr/leave.md");
  });
});
