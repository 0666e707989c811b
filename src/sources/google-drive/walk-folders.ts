import type { drive_v3 } from "@googleapis/drive";
import { DocentError } from "../../errors.js";
import { callDrive } from "./drive-call.js";
import type { DriveHints } from "./drive-failure.js";
import { folderMimeType } from "./drive-file-kinds.js";
import { type DriveFile, driveFile, fileFields, fileList, listFields } from "./drive-replies.js";

export interface WalkOptions {
  client: drive_v3.Drive;
  hints: Omit<DriveHints, "what">;
  signal?: AbortSignal;
}

/** A file found under one of the entry's folders, with the folder it was found under. */
export interface FoundFile {
  file: DriveFile;
  top: string;
}

/**
 * Every file (not trashed) in one of the entry's folders and their subfolders, page by page, each once: a file in
 * two folders is found under the first. Also the ids of every folder walked, so that a change can be told apart as
 * inside them or not. A top folder that the service account cannot see, or that is in the trash, rejects: Drive
 * lists such a folder as empty, which would remove every document from it.
 */
export async function walkFolders(
  tops: readonly string[],
  options: WalkOptions,
): Promise<{ files: FoundFile[]; folders: string[] }> {
  const files: FoundFile[] = [];
  const seen = new Set<string>();
  const folders: string[] = [];
  for (const top of tops) {
    const driveId = await checkTopFolder(top, options);
    const queue = [top];
    seen.add(top);
    while (queue.length > 0) {
      const folder = queue.shift() as string;
      folders.push(folder);
      for (const file of await listFolder(folder, { top, driveId }, options)) {
        if (seen.has(file.id)) continue;
        seen.add(file.id);
        if (file.mimeType === folderMimeType) queue.push(file.id);
        else files.push({ file, top });
      }
    }
  }
  return { files, folders };
}

/** Checks that a top folder is a folder the service account sees; returns its shared drive's id, if on one. */
async function checkTopFolder(top: string, options: WalkOptions): Promise<string | undefined> {
  const hints = { ...options.hints, what: `folder ${top}` };
  const folder = await callDrive(
    () =>
      options.client.files.get(
        { fileId: top, fields: fileFields, supportsAllDrives: true },
        { signal: options.signal },
      ),
    driveFile,
    hints,
  );
  if (folder.mimeType !== folderMimeType || folder.trashed === true) {
    const what = folder.trashed === true ? "is in the trash" : "is a file, not a folder";
    throw new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${hints.source} source cannot sync folder ${top}: it ${what}; check the folders in the sources file`,
    );
  }
  return folder.driveId;
}

/** One folder's children; on a shared drive, searched in that drive's corpus as the API documents. */
async function listFolder(
  folder: string,
  { top, driveId }: { top: string; driveId: string | undefined },
  options: WalkOptions,
): Promise<DriveFile[]> {
  const hints = { ...options.hints, what: folder === top ? `folder ${top}` : `a subfolder of folder ${top}` };
  const files: DriveFile[] = [];
  let pageToken: string | undefined;
  do {
    const page = await callDrive(
      () =>
        options.client.files.list(
          {
            q: `'${folder.replace(/['\\]/g, "\\$&")}' in parents and trashed = false`,
            fields: listFields,
            pageSize: 1000,
            supportsAllDrives: true,
            includeItemsFromAllDrives: true,
            ...(driveId === undefined ? {} : { corpora: "drive", driveId }),
            ...(pageToken === undefined ? {} : { pageToken }),
          },
          { signal: options.signal },
        ),
      fileList,
      hints,
    );
    // An incomplete search would drop documents that are still there: fail the sync instead.
    if (page.incompleteSearch === true) {
      throw new DocentError(
        "SOURCE_UNAVAILABLE",
        `The ${hints.source} source could not list ${hints.what}: Drive says the search was incomplete; the next sync tries again`,
      );
    }
    files.push(...page.files);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return files;
}
