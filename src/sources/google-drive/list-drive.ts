import { z } from "zod";
import { isDocentError } from "../../errors.js";
import type { ListContext, SourceDocument, SourceListing } from "../document-source.js";
import { changesSince, currentChangeToken } from "./drive-changes.js";
import { driveReadOf, driveVersion, mimeTypeOfVersion } from "./drive-file-kinds.js";
import { type FoundFile, type WalkOptions, walkFolders } from "./walk-folders.js";

/** What a Drive source keeps between syncs: the change feed's token and what the walk found. */
const driveState = z.object({
  /** The Changes API's page token from the last walk or change check. */
  changes: z.string(),
  /** Every folder walked: a change to one of them, or to a file in one, means walking again. */
  folders: z.array(z.string()),
  /** How many documents the walk listed: when the index holds fewer (one failed to load), walk again. */
  listed: z.number(),
  /** The folders and their scopes: another setup walks again. */
  setup: z.string(),
});

type DriveState = z.infer<typeof driveState>;

/** The folders to sync with their scopes; those the entry maps no scope to are skipped. */
export interface DriveFolders {
  synced: Array<{ folder: string; scope: string }>;
  skipped: string[];
}

/**
 * What the folders hold now. After a first sync, the Changes API says whether anything in them changed since: when
 * nothing did, the listing is what the index holds, for one request; otherwise the folders are walked again (their
 * files' modifiedTime decides which are read). Trashed files and files moved out of the folders are not listed.
 */
export async function listDrive(
  folders: DriveFolders,
  context: ListContext,
  options: WalkOptions,
): Promise<SourceListing> {
  const setup = folders.synced.map(({ folder, scope }) => `${folder}=${scope}`).join(",");
  const state = driveState.safeParse(context.previous.state);
  if (state.success && state.data.setup === setup && state.data.listed === context.previous.documents.size) {
    const unchanged = await listingIfUnchanged(state.data, context, options);
    if (unchanged !== undefined) return { ...unchanged, skipped: folders.skipped };
  }
  const changes = await currentChangeToken(options);
  const walked = await walkFolders(
    folders.synced.map(({ folder }) => folder),
    options,
  );
  const scopes = new Map(folders.synced.map(({ folder, scope }) => [folder, scope]));
  const documents: SourceDocument[] = [];
  const skipped = [...folders.skipped];
  for (const found of walked.files) {
    const document = documentOf(found, scopes.get(found.top) as string);
    if (document === undefined) skipped.push(found.file.id);
    else documents.push(document);
  }
  const next: DriveState = { changes, folders: walked.folders, listed: documents.length, setup };
  return { documents, skipped, failed: [], state: next };
}

async function listingIfUnchanged(
  state: DriveState,
  context: ListContext,
  options: WalkOptions,
): Promise<Omit<SourceListing, "skipped"> | undefined> {
  const known = new Set([...state.folders, ...context.previous.documents.keys()]);
  let feed: { touched: boolean; next: string };
  try {
    feed = await changesSince(state.changes, known, options);
  } catch (error) {
    // A token the API no longer takes (400, 404) means walking again; anything else fails the sync.
    if (isDocentError(error) && (error.status === 400 || error.status === 404)) return undefined;
    throw error;
  }
  if (feed.touched) return undefined;
  const documents: SourceDocument[] = [];
  for (const [id, held] of context.previous.documents) {
    const read = driveReadOf(mimeTypeOfVersion(held.version));
    if (read === undefined) return undefined;
    documents.push({ id, ...held, mediaType: read.mediaType });
  }
  return { documents, failed: [], state: { ...state, changes: feed.next } };
}

function documentOf({ file }: FoundFile, scope: string): SourceDocument | undefined {
  const read = driveReadOf(file.mimeType);
  if (read === undefined) return undefined;
  return {
    id: file.id,
    scope,
    version: driveVersion(file.modifiedTime ?? "", file.mimeType),
    mediaType: read.mediaType,
    title: file.name,
    ...(file.webViewLink === undefined ? {} : { url: file.webViewLink }),
  };
}
