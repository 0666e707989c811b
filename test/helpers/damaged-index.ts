export { flipBit, overwrite, smallDocuments } from "./damage-bytes.js";

import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { type Manifest, sealManifest } from "../../src/index-store/manifest.js";
import { smallDocuments } from "./damage-bytes.js";
import { type DocentRun, runDocent, startDocent } from "./run-docent.js";
import { makeTempFolder, writeFiles } from "./temp-folder.js";

export interface BuiltIndex {
  docsDir: string;
  indexDir: string;
  env: Record<string, string>;
}

/**
 * Indexes smallDocuments with the real CLI: one generation, or two built from the same documents (the second with
 * --rebuild), so that the one kept before the current one answers exactly as the current one does. For a file's
 * beforeAll: the folder lasts until `remove`.
 */
export async function buildIndex(generations: 1 | 2): Promise<BuiltIndex & { remove(): Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), "docent-damaged-"));
  const docsDir = path.join(root, "docs");
  const indexDir = path.join(root, "index");
  await writeFiles(docsDir, smallDocuments);
  const env = { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir };
  for (let run = 0; run < generations; run++) {
    const ingest = await runDocent(run === 0 ? ["ingest", "--json"] : ["ingest", "--json", "--rebuild"], {
      env,
    });
    expect(ingest.code, ingest.stderr).toBe(0);
  }
  return { docsDir, indexDir, env, remove: () => rm(root, { recursive: true, force: true }) };
}

/**
 * A copy of a built index (documents and index), to damage without touching the original. Each generation's
 * manifest is sealed again naming the copy's documents folder, as if the copy had been built from it (an index
 * remembers its folder, and an ingest from another folder is refused).
 */
export async function copyIndex(built: BuiltIndex): Promise<BuiltIndex> {
  const root = await makeTempFolder("docent-damaged-copy-");
  const docsDir = path.join(root, "docs");
  const indexDir = path.join(root, "index");
  await cp(built.docsDir, docsDir, { recursive: true });
  await cp(built.indexDir, indexDir, { recursive: true });
  const generations = path.join(indexDir, "generations");
  for (const generation of await readdir(generations)) {
    const file = path.join(generations, generation, "manifest.json");
    const manifest = JSON.parse(await readFile(file, "utf8")) as Manifest;
    await writeFile(file, sealManifest({ ...manifest, docsDir }, manifest.contents ?? {}).text);
  }
  return { docsDir, indexDir, env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir } };
}

/** The folder of the current generation. */
export async function currentFolder(indexDir: string): Promise<string> {
  const name = (await readFile(path.join(indexDir, "CURRENT"), "utf8")).trim();
  return path.join(indexDir, "generations", name);
}

export function makeFifo(file: string): void {
  expect(spawnSync("mkfifo", [file]).status).toBe(0);
}

/** The questions every search case asks, one per line on standard input. */
export const questions = ["Where do staff park?", "how many weeks of parental leave", "deploys on tuesday"];

/**
 * `docent search --json` with the questions on standard input, killed after `timeoutMs` (a hang fails: the run
 * then has signal SIGKILL and `timedOut`).
 */
export async function searchWithTimeout(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<DocentRun & { timedOut: boolean }> {
  const { child, done } = startDocent(["search", "--json"], { env, input: `${questions.join("\n")}\n` });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const run = await done;
  clearTimeout(timer);
  return { ...run, timedOut };
}

/** A run that ended by itself, without a crash or a stack trace. */
export function expectCleanExit(run: DocentRun & { timedOut: boolean }): void {
  expect(run.timedOut, `hung; stderr so far:\n${run.stderr}`).toBe(false);
  expect(run.signal, run.stderr).toBeNull();
  expect(run.stderr).not.toContain("unexpected error");
  expect(run.stderr).not.toMatch(/^\s+at /m);
}
