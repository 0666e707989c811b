import type { SourceDocument } from "../document-source.js";
import { mediaTypeOfPath } from "../media-types.js";

/** The fields of a driveItem (Microsoft Graph) a sync reads; a delta page holds files, folders and deleted items. */
export interface DriveItem {
  id: string;
  name?: string;
  eTag?: string;
  cTag?: string;
  lastModifiedDateTime?: string;
  webUrl?: string;
  size?: number;
  file?: object;
  deleted?: object;
}

/** A document library being synced: its drive, its name (what `libraries` and `scopes` name) and its scope. */
export interface Library {
  driveId: string;
  name: string;
  scope: string;
}

/** What one item of a delta page means for the library's documents. */
export type ItemChange =
  | { kind: "document"; document: SourceDocument }
  | { kind: "gone"; id: string }
  | { kind: "skipped"; id: string }
  | { kind: "too-large"; id: string }
  | { kind: "not-a-file" };

/** A document's id within the source: its library's name and its item id (stable across renames and moves). */
export function documentId(library: Pick<Library, "name">, itemId: string): string {
  return `${library.name}/${itemId}`;
}

/** The item id a document id ends with. */
export function itemIdOf(documentId: string): string {
  return documentId.slice(documentId.lastIndexOf("/") + 1);
}

/**
 * A driveItem as a change to the library's documents: a deleted item goes (deleted items come with the `deleted`
 * facet and, in SharePoint, without their name); a file docent reads (by its name's extension, as in a folder) is a
 * document whose version is its eTag (which changes with its content and with its name or place), else its cTag or
 * last modified time, unless it is larger than the limit (then it is reported, never downloaded); another file is
 * skipped (and goes, if it was a document before: a rename to .png); folders, the root and notebooks are not files.
 */
export function changeOfItem(item: DriveItem, library: Library, maxBytes: number): ItemChange {
  const id = documentId(library, item.id);
  if (item.deleted !== undefined) return { kind: "gone", id };
  if (item.file === undefined) return { kind: "not-a-file" };
  const name = item.name ?? "";
  const mediaType = mediaTypeOfPath(name);
  const version = item.eTag ?? item.cTag ?? item.lastModifiedDateTime;
  if (mediaType === undefined || version === undefined) return { kind: "skipped", id };
  if (typeof item.size === "number" && item.size > maxBytes) return { kind: "too-large", id };
  return {
    kind: "document",
    document: {
      id,
      scope: library.scope,
      version,
      mediaType,
      title: name,
      ...(item.webUrl === undefined ? {} : { url: item.webUrl }),
    },
  };
}

/** Whether a value from a delta page is a driveItem this sync can use (an object with a string id). */
export function isDriveItem(value: unknown): value is DriveItem {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";
}
