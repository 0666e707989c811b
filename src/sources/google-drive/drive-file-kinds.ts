import { documentMediaType, documentMediaTypes } from "../media-types.js";

export const folderMimeType = "application/vnd.google-apps.folder";

/** How a Drive file is read: exported from a Google format, or its own bytes downloaded. */
export type DriveRead =
  | { how: "export"; exportAs: string; mediaType: string; table?: boolean }
  | { how: "download"; mediaType: string };

/** Google's own formats docent reads, exported (documented export formats of files.export). */
const exports: ReadonlyMap<string, DriveRead> = new Map<string, DriveRead>([
  [
    "application/vnd.google-apps.document",
    { how: "export", exportAs: "text/html", mediaType: documentMediaTypes.html },
  ],
  [
    // CSV is the one export of a spreadsheet that is text (of its first sheet); it becomes a Markdown table.
    "application/vnd.google-apps.spreadsheet",
    { how: "export", exportAs: "text/csv", mediaType: documentMediaTypes.markdown, table: true },
  ],
  [
    "application/vnd.google-apps.presentation",
    { how: "export", exportAs: "text/plain", mediaType: documentMediaTypes.text },
  ],
]);

/** How a file of this Drive mimeType is read, or undefined for one docent does not read (an image, a folder). */
export function driveReadOf(mimeType: string): DriveRead | undefined {
  const exported = exports.get(mimeType);
  if (exported !== undefined) return exported;
  const mediaType = documentMediaType(mimeType);
  return mediaType === undefined ? undefined : { how: "download", mediaType };
}

/**
 * A file's version as the index keeps it: its modifiedTime (which changes whenever its content does) and its
 * mimeType, so that a listing rebuilt from what the index holds still knows how to read each file.
 */
export function driveVersion(modifiedTime: string, mimeType: string): string {
  return `${modifiedTime} ${mimeType}`;
}

/** The mimeType in a version made by driveVersion ("" for anything else). */
export function mimeTypeOfVersion(version: string): string {
  const space = version.indexOf(" ");
  return space < 0 ? "" : version.slice(space + 1);
}
