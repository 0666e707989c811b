import { readdir } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalEmbeddings } from "../../src/embeddings/local-embeddings.js";
import { openCurrentFileGeneration } from "../../src/index-store/files/load-file-generation.js";
import { generatedNotes } from "../helpers/generated-notes.js";
import { searchLoaded } from "../helpers/ingest-fixture.js";
import { runDocent, startDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

/** The generation CURRENT names is complete and answers a question about the original corpus. */
async function expectServingIndex(indexDir: string) {
  const embedder = new LocalEmbeddings();
  const index = await openCurrentFileGeneration(indexDir, embedder.id);
  const hits = await searchLoaded(index, embedder, "the lighthouse keeper's logbook", { k: 1 });
  expect(hits[0]?.chunk.source).toBe("lighthouse.md");
}

describe("an ingest killed with SIGKILL", () => {
  it("leaves the current generation intact at any moment, and the next run cleans up and succeeds", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    const indexDir = path.join(root, "index");
    const env = { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir };
    await writeFiles(docsDir, {
      "lighthouse.md": "# Lighthouse\n\nThe lighthouse keeper's logbook is kept in the tower.\n",
    });
    expect((await runDocent(["ingest"], { env })).code).toBe(0);
    await writeFiles(docsDir, generatedNotes(300));

    for (const delay of [400, 700, 1000, 1300, 1600, 2000, 2500]) {
      const { child, done } = startDocent(["ingest"], { env });
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill("SIGKILL");
      await done;
      await expectServingIndex(indexDir);
    }

    const final = await runDocent(["ingest", "--json"], { env });
    expect(final.code, final.stderr).toBe(0);
    await expectServingIndex(indexDir);
    const leftovers = (await readdir(path.join(indexDir, "generations"))).filter((name) =>
      name.startsWith("."),
    );
    expect(leftovers).toEqual([]);
    expect(await readdir(indexDir)).not.toContain("ingest.lock");
  }, 120_000);

  it("killed while an embedding request is in flight, it leaves the old generation serving", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    const indexDir = path.join(root, "index");
    await writeFiles(docsDir, {
      "lighthouse.md": "# Lighthouse\n\nThe lighthouse keeper's logbook is kept in the tower.\n",
    });
    expect(
      (await runDocent(["ingest"], { env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir } })).code,
    ).toBe(0);
    await writeFiles(docsDir, generatedNotes(20));

    let requestArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      requestArrived = resolve;
    });
    const server = createServer(() => requestArrived()); // never answers
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { child, done } = startDocent(["ingest"], {
        env: {
          DOCENT_DOCS_DIR: docsDir,
          DOCENT_INDEX_DIR: indexDir,
          EMBEDDINGS_PROVIDER: "openai",
          EMBEDDINGS_BASE_URL: `http://127.0.0.1:${port}/v1`,
          EMBEDDINGS_API_KEY: "sk-test-not-a-real-key",
        },
      });
      await arrived;
      child.kill("SIGKILL");
      expect((await done).signal).toBe("SIGKILL");
    } finally {
      server.closeAllConnections();
      server.close();
    }
    await expectServingIndex(indexDir);
    const rerun = await runDocent(["ingest", "--json"], {
      env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir },
    });
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ added: 20, unchanged: 1 });
  }, 60_000);
});
