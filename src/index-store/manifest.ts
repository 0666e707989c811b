import { z } from "zod";
import { DocentError } from "../errors.js";
import { crc32, formatCrc32 } from "../retrieval/crc32.js";
import { damaged, type FileRecord, readIndexFile, rebuildAdvice } from "../retrieval/index-file.js";

/**
 * manifest.json describes one generation of the index: what built it (embedder, chunking), what is in it
 * (per-file hashes and chunk counts) and how the run that wrote it went. It is checked whenever an index is opened.
 * The file store also records the length and CRC-32 of each file of the generation (`contents`, checked before the
 * file is read) and a checksum of the manifest itself (`checksum`); generations written before docent recorded
 * them have neither and are checked for consistency only.
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

const fileRecordSchema = z.object({
  bytes: z.number().int().nonnegative(),
  crc32: z.string().regex(/^[0-9a-f]{8}$/),
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
  /** What each document source asked to be handed back at its next sync (a change feed's cursor), by source name. */
  sourceStates: z.record(z.string(), z.unknown()).optional(),
  /** Each file of the generation by name ("chunks.bin"), as written. */
  contents: z.record(z.string(), fileRecordSchema).optional(),
  /** "crc32:" and the CRC-32 of the manifest's text before this field (sealManifest). */
  checksum: z.string().optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type FileEntry = z.infer<typeof fileEntrySchema>;
export type RunSummary = z.infer<typeof runSummarySchema>;

/** A manifest past this is not one docent wrote (about 250 bytes per document: a million documents). */
const maxManifestBytes = 256 * 1024 * 1024;

export async function readManifest(file: string): Promise<Manifest> {
  const naming = { what: `The index manifest ${file}`, fix: rebuildAdvice };
  let text: string;
  try {
    text = (await readIndexFile(file, naming, { maxBytes: maxManifestBytes })).toString("utf8");
  } catch (error) {
    if (error instanceof DocentError) throw error;
    throw new DocentError("INDEX_CORRUPT", `The index manifest ${file} cannot be read. ${rebuildAdvice}`, {
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw damaged(naming, "not valid JSON", error);
  }
  const checksum = isRecord(parsed) ? parsed.checksum : undefined;
  if (checksum !== undefined && checksum !== expectedChecksum(text))
    throw damaged(naming, "checksum mismatch");
  return parseManifest(parsed, `The index manifest ${file}`);
}

const checksumField = ',\n  "checksum": "';

/**
 * The manifest with the records of its generation's files and its own checksum, and its text as the file store
 * writes it: the JSON without the checksum, then the checksum (CRC-32 of that JSON) as its last field. Checked on
 * the text itself, so that reading it costs no second serialisation.
 */
export function sealManifest(
  manifest: Manifest,
  contents: Record<string, FileRecord>,
): { manifest: Manifest; text: string } {
  const { checksum: _previous, ...rest } = { ...manifest, contents };
  const body = JSON.stringify(rest, null, 2);
  const checksum = `crc32:${formatCrc32(crc32(Buffer.from(body, "utf8")))}`;
  return { manifest: { ...rest, checksum }, text: `${body.slice(0, -2)}${checksumField}${checksum}"\n}` };
}

/** The checksum a manifest's text should carry (sealManifest), or null when it does not end as docent writes it. */
function expectedChecksum(text: string): string | null {
  const at = text.lastIndexOf(checksumField);
  if (at === -1 || !/^crc32:[0-9a-f]{8}"\n}\n?$/.test(text.slice(at + checksumField.length))) return null;
  return `crc32:${formatCrc32(crc32(Buffer.from(`${text.slice(0, at)}\n}`, "utf8")))}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks a manifest read from anywhere (a file, a database row); `what` names it in the error. */
export function parseManifest(value: unknown, what: string): Manifest {
  const result = manifestSchema.safeParse(value);
  const problem = result.success ? checkCounts(result.data) : result.error.issues[0]?.message;
  if (!result.success || problem !== null) {
    throw new DocentError(
      "INDEX_CORRUPT",
      `${what} is not in the expected format (${problem}). ${rebuildAdvice}`,
    );
  }
  return result.data;
}

/** The counts follow from the files (next-manifest.ts): a manifest whose numbers disagree was changed. */
function checkCounts(manifest: Manifest): string | null {
  const files = Object.values(manifest.files);
  const chunks = files.reduce((sum, file) => sum + file.chunks, 0);
  const { counts } = manifest;
  if (counts.documents !== files.length || counts.chunks !== chunks) return "counts differ from its files";
  if (counts.labels < counts.chunks) return "fewer slots than chunks";
  const inScopes = Object.values(manifest.scopes).reduce((sum, count) => sum + count, 0);
  return inScopes === chunks ? null : "scope counts differ from its files";
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
