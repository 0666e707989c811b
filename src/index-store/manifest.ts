import { readFile } from "node:fs/promises";
import { z } from "zod";
import { DocentError } from "../errors.js";

/**
 * manifest.json describes one generation of the index: what built it (embedder, chunking), what is in it
 * (per-file hashes and chunk counts) and how the run that wrote it went. It is checked whenever an index is opened.
 */
export const manifestFormatVersion = 1;

const fileEntrySchema = z.object({
  /** The version its source gave: for a folder's file, sha256 of its bytes. */
  hash: z.string(),
  bytes: z.number().int().nonnegative(),
  scope: z.string(),
  title: z.string(),
  chunks: z.number().int().nonnegative(),
  /** The source it came from (absent: the documents folder, in indexes built before sources had names). */
  sourceName: z.string().optional(),
  /** Where people open it, when its source has an address for it. */
  url: z.string().optional(),
});

const runSummarySchema = z.object({
  added: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.array(z.object({ source: z.string(), reason: z.string() })),
  durationMs: z.number().nonnegative(),
});

const manifestSchema = z.object({
  formatVersion: z.literal(manifestFormatVersion),
  generation: z.string(),
  createdAt: z.string(),
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  chunking: z.object({ chunkSize: z.number(), chunkOverlap: z.number(), splitterVersion: z.number() }),
  counts: z.object({
    documents: z.number().int().nonnegative(),
    chunks: z.number().int().nonnegative(),
    /** Slots in the vector index, deleted ones included (labels run from 0 to labels - 1). */
    labels: z.number().int().nonnegative(),
  }),
  scopes: z.record(z.string(), z.number().int().nonnegative()),
  files: z.record(z.string(), fileEntrySchema),
  lastRun: runSummarySchema,
  /** The documents folder the generation was built from (absent in indexes built before it was recorded). */
  docsDir: z.string().optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type FileEntry = z.infer<typeof fileEntrySchema>;
export type RunSummary = z.infer<typeof runSummarySchema>;

export async function readManifest(file: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new DocentError("INDEX_CORRUPT", `The index manifest ${file} cannot be read`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DocentError("INDEX_CORRUPT", `The index manifest ${file} is not valid JSON`, { cause: error });
  }
  return parseManifest(parsed, `The index manifest ${file}`);
}

/** Checks a manifest read from anywhere (a file, a database row); `what` names it in the error. */
export function parseManifest(value: unknown, what: string): Manifest {
  const result = manifestSchema.safeParse(value);
  if (!result.success) {
    throw new DocentError(
      "INDEX_CORRUPT",
      `${what} is not in the expected format (${result.error.issues[0]?.message}). Run \`docent ingest --rebuild\`.`,
    );
  }
  return result.data;
}

/** An index may only be searched with the embedder that built it. */
export function assertSameEmbedder(manifest: Manifest, embedderId: string): void {
  if (manifest.embedder.id !== embedderId) {
    throw new DocentError(
      "INDEX_INCOMPATIBLE",
      `The index was built with the embedder "${manifest.embedder.id}" but "${embedderId}" is configured. ` +
        "Re-ingest with `docent ingest --rebuild`, or set EMBEDDINGS_PROVIDER/EMBEDDINGS_MODEL back to what built it.",
    );
  }
}
