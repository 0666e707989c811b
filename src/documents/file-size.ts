const megabyte = 1024 * 1024;

/** "25", "0.5", "0.001": a size in MB as the user wrote it (two significant digits below 1 MB, never "0"). */
export function formatMegabytes(bytes: number): string {
  const megabytes = bytes / megabyte;
  return String(Number(megabytes >= 1 ? megabytes.toFixed(2) : megabytes.toPrecision(2)));
}

/** The reason for a document over DOCENT_MAX_FILE_MB. */
export function describeSizeLimit(maxFileBytes: number): string {
  return `file is larger than the ${formatMegabytes(maxFileBytes)} MB limit (DOCENT_MAX_FILE_MB)`;
}
