import { createIndexStore } from "../index-store/create-index-store.js";
import { createCliContext } from "./cli-context.js";
import { parseCommandLine } from "./parse-command-line.js";

/**
 * docent rollback [--index DIR]: makes the previous generation current again (one atomic rename, or one
 * transaction with pgvector), for when the latest ingest indexed something it should not have. Running bots switch
 * to it before their next question.
 */
export async function runRollbackCommand(argv: string[]): Promise<number> {
  const line = parseCommandLine("rollback", argv);
  const { config, logger } = createCliContext({ DOCENT_INDEX_DIR: line.text("index") });
  const store = await createIndexStore(config, logger);
  try {
    const lock = await store.lockIngest();
    try {
      const current = await store.currentGeneration();
      const previous = current && (await store.listGenerations()).filter((name) => name < current).at(-1);
      if (!previous) {
        process.stderr.write("docent rollback: there is no previous generation to go back to.\n");
        return 1;
      }
      const manifest = await store.readManifest(previous);
      await store.publishGeneration(previous);
      process.stdout.write(
        `Rolled back to ${manifest.generation} (${manifest.counts.documents} documents, ` +
          `${manifest.counts.chunks} chunks, built ${manifest.createdAt}).\n`,
      );
      return 0;
    } finally {
      await lock.release();
    }
  } finally {
    await store.close();
  }
}
