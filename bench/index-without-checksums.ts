import { cp, readFile, writeFile } from "node:fs/promises";
import { readCurrentGeneration } from "../src/index-store/generation-folders.js";
import { generationFiles, indexPaths } from "../src/index-store/index-paths.js";

/**
 * A copy of an index as docent wrote it before #22, for the code of then to open (bench/index-open.ts
 * --base-index): the manifest without the files' sizes and checksums nor its own, and keywords.bin in format 1
 * (the same arrays after a 64-byte header without a checksum; format 2's header is 72 bytes).
 * Usage: npx tsx bench/index-without-checksums.ts <index dir> <copy dir>
 */
const [indexDir = "", copyDir = ""] = process.argv.slice(2);
if (indexDir === "" || copyDir === "") {
  console.error("Usage: npx tsx bench/index-without-checksums.ts <index dir> <copy dir>");
  process.exit(2);
}
await cp(indexDir, copyDir, { recursive: true });
const folder = await readCurrentGeneration(indexPaths(copyDir));
if (folder === null) throw new Error(`no published generation in ${copyDir}`);
const files = generationFiles(folder);
const {
  contents: _contents,
  checksum: _checksum,
  ...manifest
} = JSON.parse(await readFile(files.manifest, "utf8"));
await writeFile(files.manifest, JSON.stringify(manifest, null, 2));
const keywords = await readFile(files.keywords);
if (keywords.readUInt32LE(12) !== 2) throw new Error(`${files.keywords} is not in format 2`);
const header = Buffer.from(keywords.subarray(0, 64));
header.writeUInt32LE(1, 12);
await writeFile(files.keywords, Buffer.concat([header, keywords.subarray(72)]));
console.log(`${copyDir}: the current generation as docent wrote it before #22`);
