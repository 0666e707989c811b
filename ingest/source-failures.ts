import type { FileProblem } from "../src/documents/split-file.js";
import type { IndexStore } from "../src/index-store/index-store.js";
import type { Logger } from "../src/logging/logger.js";
import type { SourceFailure } from "./list-sources.js";
import { nextSourceSyncs } from "./record-source-syncs.js";

/** A source that could not be listed, as a report line: its name and the sentence of what went wrong. */
export function describeFailure(failure: SourceFailure): FileProblem {
  const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
  return {
    source: failure.name,
    reason: `the source could not be read, its documents are kept as they were: ${reason}`,
  };
}

/**
 * Every source asked could not be read: nothing changes but the record of each one's failure (so that status says
 * why the documents are not fresh), and the run ends with the first one's sentence.
 */
export async function failRun(
  options: { store: IndexStore; logger: Logger },
  configured: readonly string[],
  failed: readonly SourceFailure[],
): Promise<never> {
  const previous = await options.store.readLastRun();
  const at = new Date().toISOString();
  if (previous !== null) {
    const sources = nextSourceSyncs(previous, { configured, synced: [], failed, at });
    await options.store.recordLastRun({ ...previous, sources }).catch((error: unknown) => {
      options.logger.warn({ err: error }, "the record of this ingest run could not be written");
    });
  }
  throw failed[0]?.error;
}
