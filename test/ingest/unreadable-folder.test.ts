import { chmod, realpath, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ingestDocuments } from "../../ingest/ingest-pipeline.js";
import { createFileIndexStore } from "../../src/index-store/files/file-index-store.js";
import type { IndexStore } from "../../src/index-store/index-store.js";
import { KnowledgeBase } from "../../src/index-store/knowledge-base.js";
import { createPgvectorIndexStore } from "../../src/index-store/pgvector/pgvector-index-store.js";
import { silentLogger } from "../../src/logging/logger.js";
import { documentsFolder } from "../../src/sources/folder/folder-source.js";
import { closeAfterTest } from "../helpers/close-after-test.js";
import { CountingEmbedder } from "../helpers/counting-embedder.js";
import { ingestFolder, testIngestSettings } from "../helpers/ingest-fixture.js";
import { postgresSkipReason, useTemporaryPostgres } from "../helpers/postgres-server.js";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

/**
 * Folders whose listing fails in this test process as an unreadable folder's does (EACCES), for the runs that cannot
 * make one with chmod: root reads a folder whatever its mode. The CLI's own process is never affected.
 */
const failingListings = vi.hoisted(() => new Set<string>());
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  const readdir = ((folder: Parameters<typeof actual.readdir>[0], options?: never) => {
    if (!failingListings.has(String(folder))) return actual.readdir(folder, options);
    const denied = new Error(`EACCES: permission denied, scandir '${String(folder)}'`);
    return Promise.reject(
      Object.assign(denied, { code: "EACCES", syscall: "scandir", path: String(folder) }),
    );
  }) as typeof actual.readdir;
  return { ...actual, readdir, default: { ...actual, readdir } };
});
afterEach(() => failingListings.clear());

const documents = {
  "hr/parental.md": "# Parental leave\n\nParents get sixteen weeks of paid parental leave.\n",
  "hr/sick.md": "# Sick leave\n\nCall your manager before ten when you are sick and stay home.\n",
  "hr-archive/old-leave.md": "# Old leave policy\n\nThe old policy gave twelve weeks of leave.\n",
  "public/lunch.md": "# Lunch\n\nLunch is served at noon in the canteen.\n",
};
const hrDocuments = ["hr/parental.md", "hr/sick.md"];

async function docsFolder() {
  const root = await makeTempFolder();
  const docsDir = path.join(root, "docs");
  await writeFiles(docsDir, documents);
  return { root, docsDir, hr: path.join(docsDir, "hr") };
}

const rootSkipReason =
  process.getuid?.() === 0 ? " (skipped: running as root, whom chmod 000 does not stop from reading)" : "";

describe("docent ingest with a folder that cannot be read", () => {
  it.skipIf(rootSkipReason !== "")(
    `keeps the folder's documents searchable, names the folder and exits with 2${rootSkipReason}`,
    async () => {
      const { root, docsDir, hr } = await docsFolder();
      const env = { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: path.join(root, "index") };
      expect((await runDocent(["ingest"], { env })).code).toBe(0);
      await chmod(hr, 0o000);
      try {
        const run = await runDocent(["ingest"], { env });
        expect(run.code, run.stderr).toBe(2);
        expect(run.stdout).toContain("0 removed");
        expect(run.stdout).toContain(
          "failed: hr: folder cannot be read (permission denied); the documents indexed from it are kept as they were",
        );
      } finally {
        await chmod(hr, 0o755);
      }
      const search = await runDocent(["search", "--json", "--scope", "hr", "--top", "5", "leave"], { env });
      expect(search.code, search.stderr).toBe(0);
      const sources = JSON.parse(search.stdout).results.map((result: { source: string }) => result.source);
      expect([...new Set(sources)].sort()).toEqual(hrDocuments);
    },
  );
});

const postgres = postgresSkipReason === undefined ? useTemporaryPostgres() : undefined;
let schemas = 0;
const stores: Array<[string, string, (root: string) => Promise<IndexStore>]> = [
  ["files", "", async (root) => createFileIndexStore(path.join(root, "index"))],
  [
    "pgvector",
    postgresSkipReason === undefined ? "" : ` (skipped: ${postgresSkipReason})`,
    () =>
      createPgvectorIndexStore({
        url: postgres?.().url ?? "",
        schema: `unreadable_${++schemas}`,
        logger: silentLogger,
      }),
  ],
];

describe.each(stores)(
  "the ingest pipeline with a folder whose listing fails (%s store)",
  (_, skipReason, open) => {
    it.skipIf(skipReason !== "")(
      `keeps every document under the folder, and removes what is gone elsewhere${skipReason}`,
      async () => {
        const { root, docsDir, hr } = await docsFolder();
        const store = await open(root);
        closeAfterTest(() => store.close());
        const embedder = new CountingEmbedder();
        const ingest = () =>
          ingestDocuments({
            sources: [documentsFolder(docsDir, 2 ** 20)],
            docsDir,
            store,
            embedder,
            ...testIngestSettings,
          });
        expect(await ingest()).toMatchObject({ added: 4, failed: [] });

        failingListings.add(await realpath(hr));
        // A folder whose name starts like hr's is not under hr: what was deleted from it leaves the index.
        await rm(path.join(docsDir, "hr-archive"), { recursive: true });
        const run = await ingest();
        expect(run).toMatchObject({ added: 0, updated: 0, removed: 1, unchanged: 1, documents: 3 });
        expect(run.failed).toEqual([
          {
            source: "hr",
            reason:
              "folder cannot be read (permission denied); the documents indexed from it are kept as they were",
          },
        ]);
        const hits = await new KnowledgeBase(store, embedder, silentLogger).search("leave", {
          k: 5,
          scopes: ["hr"],
        });
        expect([...new Set(hits.map((hit) => hit.chunk.source))].sort()).toEqual(hrDocuments);

        // Readable again: a document deleted from it meanwhile leaves the index then.
        failingListings.clear();
        await rm(path.join(hr, "sick.md"));
        expect(await ingest()).toMatchObject({ removed: 1, failed: [], documents: 2 });
      },
    );
  },
);

describe("the ingest pipeline with a link to a folder that no longer leads inside", () => {
  it("keeps what was indexed through the link, as a link to a file keeps its file", async () => {
    const { root, docsDir } = await docsFolder();
    const link = path.join(docsDir, "public", "team");
    await symlink("../hr", link);
    const indexDir = path.join(root, "index");
    const embedder = new CountingEmbedder();
    expect(await ingestFolder(docsDir, indexDir, embedder)).toMatchObject({ added: 6, failed: [] });

    await writeFiles(path.join(root, "outside"), { "notes.md": "# Notes\n\nNot part of the documents.\n" });
    await rm(link);
    await symlink(path.join(root, "outside"), link);
    const run = await ingestFolder(docsDir, indexDir, embedder);
    expect(run).toMatchObject({ removed: 0, unchanged: 4, documents: 6 });
    expect(run.failed).toEqual([
      { source: "public/team", reason: "symlink points outside the docs folder: not followed" },
    ]);
  });
});
