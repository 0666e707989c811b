import { readFile } from "node:fs/promises";
import path from "node:path";
import { generationFiles } from "../../src/index-store/files/index-paths.js";
import type { Manifest } from "../../src/index-store/manifest.js";

/**
 * A file index's current generation as bytes, to compare two runs: its chunk store, vectors and keyword index, and
 * its manifest without the run-specific fields (its name, when it was made, the last run and the checksum over them).
 */
export async function readCurrentIndex(indexDir: string) {
  const name = (await readFile(path.join(indexDir, "CURRENT"), "utf8")).trim();
  const files = generationFiles(path.join(indexDir, "generations", name));
  const manifest = JSON.parse(await readFile(files.manifest, "utf8")) as Partial<Manifest>;
  const { generation: _, createdAt: __, lastRun: ___, checksum: ____, ...lasting } = manifest;
  return {
    manifest: lasting,
    chunks: await readFile(files.chunks),
    vectors: await readFile(files.vectors),
    keywords: await readFile(files.keywords),
  };
}
