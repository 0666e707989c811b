import type { drive_v3 } from "@googleapis/drive";
import { z } from "zod";
import type { DocumentSource } from "../document-source.js";
import type { SourceContext, SourceEntry, SourceKind } from "../source-kind.js";
import { createDriveClient } from "./drive-client.js";
import { type DriveFolders, listDrive } from "./list-drive.js";
import { readDriveFile } from "./read-drive-file.js";
import { readServiceAccountKey, type ServiceAccountKey } from "./service-account-key.js";

const settings = z.strictObject({
  /** Folder or shared-drive ids, each synced with its subfolders. */
  folders: z.array(z.string().regex(/^[\w-]+$/, "a Drive folder id (letters, digits, - and _)")).min(1),
});

export type GoogleDriveSettings = z.infer<typeof settings>;

/**
 * Google Drive: the files in the entry's folders (or shared drives) and their subfolders, read through Google's
 * Drive client as a service account whose JSON key file the entry's credentials_file_env names. Docs are exported
 * as HTML, Sheets as tables, Slides as text; PDFs, Word and text files are downloaded.
 */
export const googleDriveSource: SourceKind<GoogleDriveSettings> = {
  type: "google-drive",
  settings,
  credentials: ["credentials_file"],
  apiUrl: true,
  containers: "folder id",
  create: createGoogleDriveSource,
};

function createGoogleDriveSource(
  entry: SourceEntry<GoogleDriveSettings>,
  context: SourceContext,
): DocumentSource {
  const variable = entry.credentialVariables.credentials_file ?? "credentials_file_env";
  let signedIn: Promise<{ key: ServiceAccountKey; client: drive_v3.Drive }> | undefined;
  const connect = () => {
    signedIn ??= readServiceAccountKey(entry.credentials.credentials_file ?? "", variable, entry.name).then(
      (key) => ({ key, client: createDriveClient(key, context.fetch, entry.apiUrl) }),
    );
    // A key file fixed between two syncs is read again.
    signedIn.catch(() => {
      signedIn = undefined;
    });
    return signedIn;
  };
  const hintsOf = (key: ServiceAccountKey) => ({ source: entry.name, variable, account: key.clientEmail });
  return {
    name: entry.name,
    kind: "google-drive",
    location: `Google Drive folders ${entry.settings.folders.join(", ")}`,
    keyPrefix: `${entry.name}/`,
    async check() {
      await connect();
    },
    async list(listContext) {
      const { key, client } = await connect();
      const options = { client, hints: hintsOf(key), signal: listContext.signal };
      return listDrive(foldersOf(entry.settings.folders, context), listContext, options);
    },
    async read(document, signal) {
      const { key, client } = await connect();
      return readDriveFile(client, document, hintsOf(key), signal);
    },
  };
}

function foldersOf(folders: readonly string[], context: SourceContext): DriveFolders {
  const result: DriveFolders = { synced: [], skipped: [] };
  for (const folder of folders) {
    const scope = context.scopeOf(folder);
    if (scope === null) result.skipped.push(folder);
    else result.synced.push({ folder, scope });
  }
  return result;
}
