import type { IngestSummary } from "../../ingest/ingest-pipeline.js";
import type { Config } from "../config/config.js";
import { describeRepair } from "../rendering/describe-repair.js";
import { documentExtensionList } from "../sources/media-types.js";
import { describeScopesWithoutAccess, scopesWithoutAccess } from "./scope-access.js";

/**
 * The ingest report: the folder, counts, the wall time the user waited (start-up included), the files that failed
 * with their reasons, and with `verbose` the skipped files (not documents, or documents with no text) by name.
 */
export function describeSummary(
  summary: IngestSummary,
  options: { wallMs?: number; verbose?: boolean } = {},
): string {
  const seconds = ((options.wallMs ?? summary.durationMs) / 1000).toFixed(1);
  const lines = [
    `Indexed ${summary.documents} documents (${summary.chunks} chunks) from ${describeFrom(summary)} in ${seconds} s: ` +
      `${summary.added} added, ${summary.updated} updated, ${summary.removed} removed, ` +
      `${summary.unchanged} unchanged, ${describeSkipped(summary, options.verbose === true)}, ` +
      `${summary.failed.length} failed.`,
  ];
  for (const problem of summary.failed) lines.push(`  failed: ${problem.source}: ${problem.reason}`);
  if (summary.repaired) lines.push(...describeRepair(summary.repaired));
  if (options.verbose) {
    for (const source of summary.skippedFiles.notDocuments) {
      const hidden = source.split("/").some((part) => part.startsWith("."));
      const why = hidden ? "hidden" : `not a document: docent reads ${documentExtensionList}`;
      lines.push(`  skipped: ${source} (${why})`);
    }
    for (const source of summary.skippedFiles.withoutText) {
      lines.push(`  skipped: ${source} (no text once front matter and template tags are removed)`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The documents folder, or the sources asked ("the sources handbook and wiki"). */
function describeFrom(summary: IngestSummary): string {
  if (summary.docsDir !== undefined) return summary.docsDir;
  const names = summary.sourcesAsked;
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `the source${names.length === 1 ? "" : "s"} ${list}`;
}

/** "3 skipped (2 not documents, 1 with no text; --verbose lists them)": the count and what it is made of. */
function describeSkipped(summary: IngestSummary, verbose: boolean): string {
  const { notDocuments, withoutText } = summary.skippedFiles;
  const hint = summary.skipped > 0 && !verbose ? "; --verbose lists them" : "";
  const kinds =
    withoutText.length === 0
      ? "not documents"
      : notDocuments.length === 0
        ? "with no text"
        : `${notDocuments.length} not documents, ${withoutText.length} with no text`;
  return `${summary.skipped} skipped (${kinds}${hint})`;
}

/** Every skipped file by its path under the documents folder, for --json. */
export function skippedSources(summary: IngestSummary): string[] {
  return [...summary.skippedFiles.notDocuments, ...summary.skippedFiles.withoutText].sort();
}

/** The scope trap, after an ingest: documents in scopes no Slack or Discord conversation may search. */
export function warnAboutScopes(config: Readonly<Config>, summary: IngestSummary): void {
  if (summary.generation === null) return;
  const documents = summary.documentsPerScope;
  const hidden = scopesWithoutAccess(config.chat.accessFile, Object.keys(documents));
  if (hidden.length === 0) return;
  process.stderr.write(
    `Warning: ${describeScopesWithoutAccess(hidden, documents, config.chat.accessFile)}\n`,
  );
}
