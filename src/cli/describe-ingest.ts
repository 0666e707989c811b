import type { IngestSummary } from "../../ingest/ingest-pipeline.js";
import { listDocumentFiles } from "../../ingest/list-document-files.js";
import { supportedExtensions } from "../../ingest/load-document.js";
import type { IndexRepair } from "../../ingest/reusable-generation.js";
import type { Config } from "../config/config.js";
import { createIndexStore } from "../index-store/create-index-store.js";
import type { Logger } from "../logging/logger.js";
import { documentExtensions } from "./find-documents.js";
import { describeScopesWithoutAccess, scopesWithoutAccess } from "./scope-access.js";

/**
 * The ingest report: counts, the wall time the user waited (start-up included), the files that failed with their
 * reasons, and with --verbose the files skipped as not documents.
 */
export function describeSummary(
  summary: IngestSummary,
  options: { wallMs?: number; skippedFiles?: readonly string[] | null } = {},
): string {
  const seconds = ((options.wallMs ?? summary.durationMs) / 1000).toFixed(1);
  const skippedHint = summary.skipped > 0 && !options.skippedFiles ? "; --verbose lists them" : "";
  const lines = [
    `Indexed ${summary.documents} documents (${summary.chunks} chunks) in ${seconds} s: ` +
      `${summary.added} added, ${summary.updated} updated, ${summary.removed} removed, ` +
      `${summary.unchanged} unchanged, ${summary.skipped} skipped (not documents${skippedHint}), ` +
      `${summary.failed.length} failed.`,
  ];
  for (const problem of summary.failed) lines.push(`  failed: ${problem.source}: ${problem.reason}`);
  if (summary.repaired) lines.push(...describeRepair(summary.repaired));
  for (const source of options.skippedFiles ?? []) {
    const hidden = source.split("/").some((part) => part.startsWith("."));
    const why = hidden ? "hidden" : `not a document: docent reads ${documentExtensions}`;
    lines.push(`  skipped: ${source} (${why})`);
  }
  return `${lines.join("\n")}\n`;
}

/** What a run found damaged in the index it was to build on, and what it rebuilt. */
function describeRepair(repair: IndexRepair): string[] {
  const what = repair.generation === null ? "The index pointer" : `The index generation ${repair.generation}`;
  const rebuilt =
    repair.rebuilt === "keywords"
      ? "rebuilt its keyword index from the stored chunks"
      : "rebuilt the index from the documents";
  return [
    `Repaired: ${what} was damaged; this run ${rebuilt}. Check the disk holding the index if it happens again.`,
    ...repair.problems.map((problem) => `  damaged: ${problem}`),
  ];
}

/** The files skipped as not documents, by their path under the documents folder. */
export async function listSkippedFiles(config: Readonly<Config>): Promise<string[]> {
  const listing = await listDocumentFiles(config.docsDir, {
    supportedExtensions,
    maxFileBytes: config.maxFileBytes,
  });
  return listing.skipped;
}

/** The scope trap, after an ingest: documents in scopes no Slack or Discord conversation may search. */
export async function warnAboutScopes(
  config: Readonly<Config>,
  logger: Logger,
  summary: IngestSummary,
): Promise<void> {
  if (summary.generation === null) return;
  const store = await createIndexStore(config, logger);
  try {
    const manifest = await store.readManifest(summary.generation);
    const hidden = scopesWithoutAccess(config.chat.accessFile, Object.keys(manifest.scopes));
    if (hidden.length === 0) return;
    const documents: Record<string, number> = {};
    for (const file of Object.values(manifest.files))
      documents[file.scope] = (documents[file.scope] ?? 0) + 1;
    process.stderr.write(
      `Warning: ${describeScopesWithoutAccess(hidden, documents, config.chat.accessFile)}\n`,
    );
  } finally {
    await store.close();
  }
}
