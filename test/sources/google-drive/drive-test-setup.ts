import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { silentLogger } from "../../../src/logging/logger.js";
import type { DocumentSource, PreviousSync, SourceListing } from "../../../src/sources/document-source.js";
import { googleDriveSource } from "../../../src/sources/google-drive/google-drive-source.js";
import type { SourceFetchOptions } from "../../../src/sources/http/source-fetch.js";
import { makeTempFolder } from "../../helpers/temp-folder.js";
import { testSourceFetch } from "../../helpers/test-source-fetch.js";
import { docType, type FakeDrive, folderType, sheetType } from "./fake-drive.js";

export const benefitsPdf = () => readFile(path.resolve("data/docs/hr/benefits-summary-2026.pdf"));

/** A shared folder "handbook" with a Doc, a Sheet, a PDF, an image and a subfolder with a Doc; "hr" beside it. */
export async function fillHandbook(drive: FakeDrive): Promise<void> {
  drive.add({ id: "handbook", name: "Handbook", mimeType: folderType, parents: ["root"], content: "" });
  drive.add({
    id: "doc-parking",
    name: "Parking",
    mimeType: docType,
    parents: ["handbook"],
    content: "<html><body><h1>Parking</h1><p>The garage has 40 bicycle racks on level -1.</p></body></html>",
  });
  drive.add({
    id: "sheet-rooms",
    name: "Meeting rooms",
    mimeType: sheetType,
    parents: ["handbook"],
    content: 'Room,Seats,Floor\r\nFjord,12,3\r\n"Glacier, north",6,"4"\r\n',
  });
  drive.add({
    id: "pdf-benefits",
    name: "Benefits summary 2026.pdf",
    mimeType: "application/pdf",
    parents: ["handbook"],
    content: await benefitsPdf(),
  });
  drive.add({
    id: "img-logo",
    name: "logo.png",
    mimeType: "image/png",
    parents: ["handbook"],
    content: "png",
  });
  drive.add({ id: "travel", name: "Travel", mimeType: folderType, parents: ["handbook"], content: "" });
  drive.add({
    id: "doc-trains",
    name: "Trains",
    mimeType: docType,
    parents: ["travel"],
    content: "<html><body><h1>Trains</h1><p>Book second class for trips under four hours.</p></body></html>",
  });
  drive.add({ id: "hr", name: "HR", mimeType: folderType, parents: ["root"], content: "" });
}

export interface DriveSourceOptions {
  folders?: string[];
  scopes?: Record<string, string | null>;
  fetch?: Partial<SourceFetchOptions>;
  keyFile?: unknown;
  signal?: AbortSignal;
}

/** The Drive source as the ingest makes it: its entry, a key file on disk, the shared fetch. */
export async function makeDriveSource(drive: FakeDrive, options: DriveSourceOptions = {}) {
  const keyPath = path.join(await makeTempFolder(), "service-account.json");
  await writeFile(keyPath, JSON.stringify(options.keyFile ?? drive.keyFile));
  const scopes = options.scopes ?? {};
  const source: DocumentSource = googleDriveSource.create(
    {
      name: "drive",
      type: "google-drive",
      settings: { folders: options.folders ?? ["handbook"] },
      apiUrl: drive.url,
      credentials: { credentials_file: keyPath },
      credentialVariables: { credentials_file: "GOOGLE_APPLICATION_CREDENTIALS" },
    },
    {
      scopeOf: (folder) => (folder !== undefined && folder in scopes ? (scopes[folder] ?? null) : "public"),
      fetch: testSourceFetch("drive", { signal: options.signal, changes: options.fetch }),
      maxDocumentBytes: 50 * 2 ** 20,
      logger: silentLogger,
    },
  );
  return { source, keyPath };
}

/** What an index holding this listing hands back at the next sync. */
export function previousOf(listing: SourceListing): PreviousSync {
  return {
    documents: new Map(
      listing.documents.map((document) => [
        document.id,
        { version: document.version, scope: document.scope, url: document.url, title: document.title },
      ]),
    ),
    state: listing.state,
  };
}

export const firstSync: PreviousSync = { documents: new Map(), state: undefined };
