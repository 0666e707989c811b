import { parseArgs } from "node:util";
import {
  listGenerations,
  publishGeneration,
  readCurrentGeneration,
} from "../index-store/generation-store.js";
import { generationFiles, indexPaths } from "../index-store/index-paths.js";
import { acquireIngestLock } from "../index-store/ingest-lock.js";
import { readManifest } from "../index-store/manifest.js";
import { createCliContext } from "./cli-context.js";

/**
 * docent rollback [--index DIR]: makes the previous generation current again (one atomic rename), for when the
 * latest ingest indexed something it should not have. Running bots switch to it before their next question.
 */
export async function runRollbackCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { index: { type: "string" } } });
  const { config } = createCliContext({ DOCENT_INDEX_DIR: values.index });
  const paths = indexPaths(config.indexDir);
  const lock = await acquireIngestLock(paths.lock);
  try {
    const current = await readCurrentGeneration(paths);
    const previous = current && (await listGenerations(paths)).filter((folder) => folder < current).at(-1);
    if (!previous) {
      process.stderr.write("docent rollback: there is no previous generation to go back to.\n");
      return 1;
    }
    const manifest = await readManifest(generationFiles(previous).manifest);
    await publishGeneration(paths, previous);
    process.stdout.write(
      `Rolled back to ${manifest.generation} (${manifest.counts.documents} documents, ` +
        `${manifest.counts.chunks} chunks, built ${manifest.createdAt}).\n`,
    );
    return 0;
  } finally {
    await lock.release();
  }
}
