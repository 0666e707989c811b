import { formatMegabytes } from "../src/documents/file-size.js";

/**
 * Bounds on reading one document file, so that no file (a zip bomb, a PDF of 20,000 pages, text made to make a
 * pattern backtrack) can exhaust the ingest's memory or hold it forever. Each limit names its variable when it
 * refuses a file. Set from DOCENT_MAX_TEXT_MB, DOCENT_MAX_ZIP_ENTRY_MB, DOCENT_MAX_PDF_PAGES,
 * DOCENT_LOAD_TIMEOUT_S and DOCENT_LOAD_MEMORY_MB.
 */
export interface IngestLimits {
  /** Text extracted from one file (characters, counted as bytes of UTF-16 halves: close to bytes of text). */
  maxTextBytes: number;
  /** Expanded size of one part of a .docx (a zip archive). */
  maxZipEntryBytes: number;
  maxPdfPages: number;
  /** Time to read one file into text. */
  loadTimeoutMs: number;
  /** Memory reading one file may take, beyond what the ingest held before it. */
  loadMemoryBytes: number;
}

const megabyte = 1024 * 1024;

export const defaultIngestLimits: Readonly<IngestLimits> = Object.freeze({
  maxTextBytes: 10 * megabyte,
  maxZipEntryBytes: 25 * megabyte,
  maxPdfPages: 2_000,
  loadTimeoutMs: 60_000,
  loadMemoryBytes: 512 * megabyte,
});

export function describeTextLimit(limits: IngestLimits): string {
  return `the extracted text is larger than the ${formatMegabytes(limits.maxTextBytes)} MB limit (DOCENT_MAX_TEXT_MB)`;
}

export function describeMemoryLimit(limits: IngestLimits): string {
  return `reading this file needs more than the ${formatMegabytes(limits.loadMemoryBytes)} MB memory limit (DOCENT_LOAD_MEMORY_MB)`;
}

export function describeTimeLimit(limits: IngestLimits): string {
  return `reading this file took longer than the ${Number((limits.loadTimeoutMs / 1000).toFixed(1))} s limit (DOCENT_LOAD_TIMEOUT_S)`;
}
