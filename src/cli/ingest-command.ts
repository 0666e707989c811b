import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { type IngestSummary, ingestDocuments } from "../../ingest/ingest-pipeline.js";
import {
  createJsonProgressReporter,
  failureLineKey,
  ingestFailureKind,
} from "../chat-core/ingest-child-protocol.js";
import type { Config } from "../config/config.js";
import { createEmbedder } from "../embeddings/create-embedder.js";
import { isDocentError } from "../errors.js";
import { createIndexStore } from "../index-store/create-index-store.js";
import { indexPaths } from "../index-store/index-paths.js";
import type { Logger } from "../logging/logger.js";
import type { DocumentSource } from "../sources/document-source.js";
import { createFolderSource, documentsFolderName } from "../sources/folder/folder-source.js";
import { createCliContext } from "./cli-context.js";
import { describeSummary, skippedSources, warnAboutScopes } from "./describe-ingest.js";
import { chooseDocsFolder } from "./index-docs-folder.js";
import { parseCommandLine } from "./parse-command-line.js";
import { createProgressReporter } from "./progress-reporter.js";

/**
 * Exit status: 0 all ingested, 2 finished with failed files or after rebuilding a damaged index, 1 fatal (nothing
 * changed), 3 another ingest runs.
 * `--progress-json` (for a parent process such as the chat bot's reindex) prints progress as JSON lines on standard
 * error, and a fatal error as one more line {"ingestFailure":{"code","kind","message"}} before the usual report.
 */
export async function runIngestCommand(argv: string[]): Promise<number> {
  const line = parseCommandLine("ingest", argv);
  const values = {
    docs: line.text("docs"),
    index: line.text("index"),
    rebuild: line.flag("rebuild"),
    json: line.flag("json"),
    verbose: line.flag("verbose"),
  };
  const progressJson = line.flag("progress-json");
  try {
    return await ingestAndReport(values, progressJson);
  } catch (error) {
    if (progressJson) {
      const code = isDocentError(error) ? error.code : "INTERNAL";
      const message = error instanceof Error ? error.message : String(error);
      const kind = ingestFailureKind(error);
      process.stderr.write(`${JSON.stringify({ [failureLineKey]: { code, kind, message } })}\n`);
    }
    throw error;
  }
}

async function ingestAndReport(
  values: { docs?: string; index?: string; rebuild: boolean; json: boolean; verbose: boolean },
  progressJson: boolean,
): Promise<number> {
  const { config, logger } = createCliContext({
    DOCENT_DOCS_DIR: values.docs,
    DOCENT_INDEX_DIR: values.index,
  });
  const summary = await ingestWithProgress(config, logger, {
    rebuild: values.rebuild,
    quiet: values.json,
    progressJson,
  });
  const wallMs = Math.round(performance.now());
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ ...jsonSummary(summary), skippedFiles: skippedSources(summary), wallMs })}\n`
      : describeSummary(summary, { wallMs, verbose: values.verbose }),
  );
  if (!progressJson) warnAboutScopes(config, summary);
  return summary.failed.length > 0 || summary.repaired !== undefined ? 2 : 0;
}

/**
 * One ingest run as the CLI does it: progress on standard error, cancellable with Ctrl-C. Without a chosen folder
 * it updates the index from the folder it was built from. A first run that fails removes the index folder it
 * created, so that nothing half-made is left behind.
 */
export async function ingestWithProgress(
  chosenConfig: Readonly<Config>,
  logger: Logger,
  options: { rebuild: boolean; quiet?: boolean; progressJson?: boolean },
): Promise<IngestSummary> {
  const chosen = await chooseDocsFolder(chosenConfig, logger);
  const config = chosen.config;
  const sources = [
    createFolderSource({
      name: documentsFolderName,
      folder: config.docsDir,
      maxFileBytes: config.maxFileBytes,
      ...(chosen.fromIndex ? { describedAs: "the folder the index was built from" } : {}),
    }),
  ];
  const fresh = config.storage.vectorStore === "hnswlib" && !existsSync(config.indexDir);
  try {
    return await runPipeline(config, sources, logger, options);
  } catch (error) {
    if (fresh && !isDocentError(error, "INGEST_LOCKED")) await removeIfUnused(config.indexDir);
    throw error;
  }
}

async function runPipeline(
  config: Readonly<Config>,
  sources: readonly DocumentSource[],
  logger: Logger,
  options: { rebuild: boolean; quiet?: boolean; progressJson?: boolean },
): Promise<IngestSummary> {
  const embedder = await createEmbedder(config.embeddings, logger);
  const store = await createIndexStore(config, logger);
  const controller = new AbortController();
  const cancel = () => {
    controller.abort();
    // A request the embedder cannot abort (a server that never answers) would keep the process alive until its
    // own timeout: the cancelled run gets two seconds to end by itself, then the process exits.
    setTimeout(() => process.exit(process.exitCode ?? 1), 2_000).unref();
  };
  process.once("SIGINT", cancel);
  process.once("SIGTERM", cancel);
  try {
    return await ingestDocuments({
      sources,
      docsDir: config.docsDir,
      store,
      rebuild: options.rebuild,
      embedder,
      embedding: config.embeddings,
      chunking: config.chunking,
      limits: config.ingestLimits,
      logger,
      signal: controller.signal,
      onProgress: options.progressJson
        ? createJsonProgressReporter(process.stderr)
        : createProgressReporter(process.stderr, options.quiet !== true),
    });
  } finally {
    process.off("SIGINT", cancel);
    process.off("SIGTERM", cancel);
    await embedder.close?.();
    await store.close();
  }
}

function jsonSummary(summary: IngestSummary) {
  const { docsDir, added, updated, removed, unchanged, skipped, failed, chunks, durationMs, repaired } =
    summary;
  return {
    docsDir,
    added,
    updated,
    removed,
    unchanged,
    skipped,
    failed,
    chunks,
    durationMs,
    ...(repaired ? { repaired } : {}),
  };
}

/** The index folder this run created, unless another run (its lock) or a generation is in it by now. */
async function removeIfUnused(indexDir: string): Promise<void> {
  const paths = indexPaths(indexDir);
  if (existsSync(paths.lock) || existsSync(paths.current)) return;
  await rm(indexDir, { recursive: true, force: true }).catch(() => undefined);
}
