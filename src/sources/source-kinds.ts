import { confluenceSource } from "./confluence/confluence-source.js";
import { folderSource } from "./folder/folder-kind.js";
import { googleDriveSource } from "./google-drive/google-drive-source.js";
import { notionSource } from "./notion/notion-source.js";
import { sharepointSource } from "./sharepoint/sharepoint-source.js";
import type { SourceKind } from "./source-kind.js";
import { webSource } from "./web/web-source.js";

/** Every kind of document source docent reads: adding one is its folder and one line here. */
// biome-ignore lint/suspicious/noExplicitAny: each kind has its own settings type; the list holds them all.
export const sourceKinds: readonly SourceKind<any>[] = [
  folderSource,
  webSource,
  confluenceSource,
  googleDriveSource,
  notionSource,
  sharepointSource,
];
