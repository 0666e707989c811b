import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbedder } from "../../src/embeddings/create-embedder.js";
import type { Embedder } from "../../src/embeddings/embedder.js";
import { LocalEmbeddings } from "../../src/embeddings/local-embeddings.js";
import { createFileIndexStore } from "../../src/index-store/files/file-index-store.js";
import { KnowledgeBase } from "../../src/index-store/knowledge-base.js";
import { silentLogger } from "../../src/logging/logger.js";
import { ingestFolder } from "../helpers/ingest-fixture.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { tinyBertFolder, tinyBertSkipReason } from "../helpers/tiny-bert.js";
import { tinyHandbook } from "../helpers/tiny-handbook.js";
import { embeddingsSettings } from "./embeddings-settings.js";

/** The real ingest pipeline and search with in-process ONNX embeddings (random weights: the words find it). */
describe.skipIf(tinyBertSkipReason !== "")(
  `ingest and search with transformers.js${tinyBertSkipReason}`,
  () => {
    let embedder: Embedder;
    beforeAll(async () => {
      embedder = await createEmbedder(
        embeddingsSettings({ provider: "transformers", modelPath: tinyBertFolder, batchSize: 2 }),
        silentLogger,
      );
    });
    afterAll(() => embedder?.close?.());

    it("indexes a folder, records the embedder, finds a passage, and refuses another embedder", async () => {
      const root = await makeTempFolder();
      const docsDir = path.join(root, "docs");
      const indexDir = path.join(root, "index");
      await writeFiles(docsDir, tinyHandbook);
      const summary = await ingestFolder(docsDir, indexDir, embedder);
      expect(summary).toMatchObject({ added: 4, documents: 4, failed: [] });
      expect(summary.chunks).toBeGreaterThanOrEqual(4);

      const store = createFileIndexStore(indexDir);
      const manifest = await store.readManifest(summary.generation as string);
      expect(manifest.embedder).toEqual({ id: "transformers:tiny-bert-random:q8:32", dimensions: 32 });

      const hits = await new KnowledgeBase(store, embedder, silentLogger).search(
        "sixteen weeks of parental leave",
        {
          k: 3,
        },
      );
      expect(hits[0]?.chunk).toMatchObject({
        source: "hr/leave.md",
        headingPath: ["Leave", "Parental leave"],
      });

      const other = new KnowledgeBase(createFileIndexStore(indexDir), new LocalEmbeddings(), silentLogger);
      await expect(other.search("parental leave", { k: 3 })).rejects.toMatchObject({
        code: "INDEX_INCOMPATIBLE",
      });
      await store.close();
    });
  },
);
