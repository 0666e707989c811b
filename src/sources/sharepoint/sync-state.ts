import { createHash } from "node:crypto";
import { z } from "zod";
import type { PreviousSync, SourceDocument } from "../document-source.js";
import { mediaTypeOfPath } from "../media-types.js";
import type { Library } from "./drive-items.js";

/**
 * What a SharePoint source keeps between syncs (in the index's manifest): per document library (by drive id) its
 * name, the @odata.deltaLink that asks Graph for what changed since, and a digest of the documents (ids and
 * versions) it listed. A re-sync applies the changes to the documents the index holds only when their digest is the
 * one listed: when it is not (a document failed to be read, a run stopped before it was stored), the library is
 * enumerated again, so that nothing the delta feed will never mention again is missed. A few hundred bytes per
 * library, whatever the library holds.
 */
const stateSchema = z.object({
  site: z.string(),
  libraries: z.record(z.string(), z.object({ name: z.string(), deltaLink: z.string(), digest: z.string() })),
});

export type SharepointState = z.infer<typeof stateSchema>;
export type LibraryState = SharepointState["libraries"][string];

/** The saved state of each library, or none when there is none, it is unreadable, or it is another site's. */
export function savedLibraries(state: unknown, site: string): SharepointState["libraries"] {
  const parsed = stateSchema.safeParse(state);
  return parsed.success && parsed.data.site === site ? parsed.data.libraries : {};
}

/** A digest of documents' ids and versions, independent of their order. */
export function digestOf(documents: Iterable<Pick<SourceDocument, "id" | "version">>): string {
  const lines = [...documents].map((document) => `${document.id}\n${document.version}\n`).sort();
  return createHash("sha256").update(lines.join("")).digest("hex");
}

/**
 * The documents of one library the index holds, as this source lists them (scope as the entry maps it now, media
 * type from the file name, as listed). null when one cannot be rebuilt (no title): the library is enumerated again.
 */
export function indexedDocuments(
  previous: PreviousSync,
  library: Library,
): Map<string, SourceDocument> | null {
  const documents = new Map<string, SourceDocument>();
  const prefix = `${library.name}/`;
  for (const [id, known] of previous.documents) {
    if (!id.startsWith(prefix) || id.indexOf("/", prefix.length) !== -1) continue;
    const mediaType = known.title === undefined ? undefined : mediaTypeOfPath(known.title);
    if (mediaType === undefined) return null;
    documents.set(id, {
      id,
      scope: library.scope,
      version: known.version,
      mediaType,
      ...(known.title === undefined ? {} : { title: known.title }),
      ...(known.url === undefined ? {} : { url: known.url }),
    });
  }
  return documents;
}
