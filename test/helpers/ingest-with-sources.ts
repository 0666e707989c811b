import path from "node:path";
import { expect } from "vitest";
import { ingestDocuments } from "../../ingest/ingest-pipeline.js";
import { createFileIndexStore } from "../../src/index-store/files/file-index-store.js";
import { KnowledgeBase } from "../../src/index-store/knowledge-base.js";
import { silentLogger } from "../../src/logging/logger.js";
import type { DocumentSource } from "../../src/sources/document-source.js";
import { documentsFolder } from "../../src/sources/folder/folder-source.js";
import { closeAfterTest } from "./close-after-test.js";
import { CountingEmbedder } from "./counting-embedder.js";
import { testIngestSettings } from "./ingest-fixture.js";
import { makeTempFolder, writeFiles } from "./temp-folder.js";
import { tinyHandbook } from "./tiny-handbook.js";

/**
 * A source through the real ingest and search next to a documents folder, as the connectors' end-to-end tests run
 * it: the tiny handbook in a temporary folder, a file index beside it, the counting embedder and test-sized
 * settings; the index is closed after the test. `source` is either the source, or a function that makes it for each run (a test that changes its
 * settings between runs, such as a revoked token).
 */
export async function ingestWithSources(source: DocumentSource | (() => DocumentSource)) {
  const root = await makeTempFolder();
  const docsDir = path.join(root, "docs");
  await writeFiles(docsDir, tinyHandbook);
  const store = createFileIndexStore(path.join(root, "index"));
  closeAfterTest(() => store.close());
  const embedder = new CountingEmbedder();
  const ingest = () =>
    ingestDocuments({
      sources: [documentsFolder(docsDir, 1024 * 1024), typeof source === "function" ? source() : source],
      store,
      embedder,
      ...testIngestSettings,
    });
  /** The k best hits for a question, searched as the bot searches. */
  const searchHits = (question: string, k: number) =>
    new KnowledgeBase(store, embedder, silentLogger).search(question, { k });
  /** The best hit's chunk. */
  const search = async (question: string) => (await searchHits(question, 1))[0]?.chunk;
  /**
   * A run while the source fails as a whole: a page is added to the folder meanwhile, and the run adds it, removes
   * nothing, updates nothing, and names the source as not synced, its one failure saying `reason`.
   */
  const ingestWhileFailing = async (name: string, reason: string) => {
    await writeFiles(docsDir, { "public/canteen.md": "# Canteen\n\nThe canteen opens at noon.\n" });
    const partial = await ingest();
    expect(partial).toMatchObject({ added: 1, updated: 0, removed: 0, failedSources: [name] });
    expect(partial.failed).toEqual([
      expect.objectContaining({ source: name, reason: expect.stringContaining(reason) }),
    ]);
    return partial;
  };
  return { docsDir, store, embedder, ingest, search, searchHits, ingestWhileFailing };
}
