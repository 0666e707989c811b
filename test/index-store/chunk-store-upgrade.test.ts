import { access, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readChunkStore } from "../../src/index-store/files/chunk-store.js";
import { readCurrentGeneration } from "../../src/index-store/files/generation-folders.js";
import { generationFiles, indexPaths } from "../../src/index-store/files/index-paths.js";
import { openCurrentFileGeneration } from "../../src/index-store/files/load-file-generation.js";
import { CountingEmbedder } from "../helpers/counting-embedder.js";
import { ingestFolder, searchLoaded } from "../helpers/ingest-fixture.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { tinyHandbook } from "../helpers/tiny-handbook.js";

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** Turns the current generation into what docent wrote before chunks.bin: the same chunks as chunks.json. */
async function downgradeCurrentGeneration(indexDir: string, labelCount: number): Promise<string> {
  const folder = (await readCurrentGeneration(indexPaths(indexDir))) ?? "";
  const files = generationFiles(folder);
  const chunks = (await readChunkStore(files, labelCount)).readAll();
  await writeFile(files.legacyChunks, JSON.stringify(chunks));
  await rm(files.chunks);
  return folder;
}

describe("an index whose generation was written before chunks.bin", () => {
  it("is searched as before, and the next ingest that changes something writes chunks.bin", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    const indexDir = path.join(root, "index");
    await writeFiles(docsDir, tinyHandbook);
    const embedder = new CountingEmbedder();
    await ingestFolder(docsDir, indexDir, embedder);
    const built = await openCurrentFileGeneration(indexDir, embedder.id);
    const before = built.chunks.readAll();
    const oldFolder = await downgradeCurrentGeneration(indexDir, built.manifest.counts.labels);

    const old = await openCurrentFileGeneration(indexDir, embedder.id);
    expect(old.chunks.format).toBe("chunks.json");
    expect(old.chunks.readAll()).toEqual(before);
    const hits = await searchLoaded(old, embedder, "how many weeks of parental leave", {
      k: 3,
      scopes: ["hr"],
    });
    expect(hits[0]?.chunk).toMatchObject({ source: "hr/leave.md", headingPath: ["Leave", "Parental leave"] });

    await writeFiles(docsDir, { "public/parking.md": "# Parking\n\nBicycle parking is in the basement.\n" });
    const changes = new CountingEmbedder();
    const summary = await ingestFolder(docsDir, indexDir, changes);
    expect(summary).toMatchObject({ added: 1, unchanged: 4 });
    expect(changes.embeddedTexts).toBe(1);

    const next = await openCurrentFileGeneration(indexDir, embedder.id);
    expect(next.chunks.format).toBe("chunks.bin");
    expect(await readdir(next.folder)).not.toContain("chunks.json");
    const kept = next.chunks.readAll().filter((chunk) => chunk.source !== "public/parking.md");
    expect(kept).toEqual(before);
    const parking = await searchLoaded(next, embedder, "where is the bicycle parking", { k: 1 });
    expect(parking[0]?.chunk.source).toBe("public/parking.md");
    // The old generation stays for rollback, readable as it was.
    expect(await exists(generationFiles(oldFolder).legacyChunks)).toBe(true);
  });
});
