import { afterEach, describe, expect, it } from "vitest";
import { loadDocument } from "../../../ingest/load-document.js";
import type { DocumentSource, SourceListing } from "../../../src/sources/document-source.js";
import { fillHandbook, firstSync, makeDriveSource, previousOf } from "./drive-test-setup.js";
import { docType, type FakeDrive, folderType, startFakeDrive } from "./fake-drive.js";

let drive: FakeDrive;
afterEach(async () => {
  await drive.close();
});

async function sync(source: DocumentSource, previous = firstSync): Promise<SourceListing> {
  return source.list({ previous });
}

const ids = (listing: SourceListing) => listing.documents.map((document) => document.id).sort();

describe("the Google Drive source, through Google's Drive client against a Drive API on 127.0.0.1", () => {
  it("lists a folder and its subfolders page by page, signed in as the service account", async () => {
    drive = await startFakeDrive({ pageSize: 2 });
    await fillHandbook(drive);
    const { source } = await makeDriveSource(drive, { scopes: { handbook: "staff" } });
    await source.check();
    const listing = await sync(source);

    expect(ids(listing)).toEqual(["doc-parking", "doc-trains", "pdf-benefits", "sheet-rooms"]);
    expect(listing.skipped).toEqual(["img-logo"]);
    expect(listing.failed).toEqual([]);
    const parking = listing.documents.find((document) => document.id === "doc-parking");
    expect(parking).toMatchObject({
      scope: "staff",
      mediaType: "text/html",
      title: "Parking",
      url: "https://docs.example.test/file/d/doc-parking/view",
    });
    // The token came from the key file's token_uri, by the JWT bearer grant; every call carried it.
    expect(drive.seen.filter((request) => request.path === "/token")).toHaveLength(1);
    // Three pages of five children (pageSize 2), one page of the subfolder, the folder itself, the feed's token.
    expect(drive.calls().sort()).toEqual(
      [
        "GET changes/startPageToken",
        "GET files",
        "GET files",
        "GET files",
        "GET files",
        "GET files/handbook",
      ].sort(),
    );
    const listed = drive.seen.find((request) => request.path === "/drive/v3/files");
    expect(listed?.query.get("q")).toBe("'handbook' in parents and trashed = false");
    expect(listed?.query.get("supportsAllDrives")).toBe("true");
    expect(listed?.query.get("includeItemsFromAllDrives")).toBe("true");
  });

  it("exports Docs as HTML and Sheets as tables, downloads PDFs, each read by docent's loaders", async () => {
    drive = await startFakeDrive();
    await fillHandbook(drive);
    const { source } = await makeDriveSource(drive);
    const listing = await sync(source);
    const byId = new Map(listing.documents.map((document) => [document.id, document]));
    const read = async (id: string) => {
      const document = byId.get(id);
      if (document === undefined) throw new Error(`${id} not listed`);
      const bytes = await source.read(document);
      return { bytes, loaded: await loadDocument(id, bytes, undefined, document.mediaType) };
    };

    const parking = await read("doc-parking");
    expect(parking.loaded.sections.map((section) => section.text).join(" ")).toContain("40 bicycle racks");
    const rooms = await read("sheet-rooms");
    expect(rooms.bytes.toString()).toBe(
      "| Room | Seats | Floor |\n| --- | --- | --- |\n| Fjord | 12 | 3 |\n| Glacier, north | 6 | 4 |\n",
    );
    const benefits = await read("pdf-benefits");
    expect(benefits.loaded.title).toBe("Quokkaline Benefits Summary 2026");
    expect(drive.calls()).toEqual(
      expect.arrayContaining([
        "GET files/doc-parking/export",
        "GET files/sheet-rooms/export",
        "GET files/pdf-benefits",
      ]),
    );
    const download = drive.seen.find((request) => request.path === "/drive/v3/files/pdf-benefits");
    expect(download?.query.get("alt")).toBe("media");
  });

  it("re-syncs unchanged folders with one request to the Changes API and nothing read", async () => {
    drive = await startFakeDrive();
    await fillHandbook(drive);
    const { source } = await makeDriveSource(drive);
    const first = await sync(source);
    drive.add({ id: "elsewhere", name: "Not ours", mimeType: docType, parents: ["hr"], content: "<p>x</p>" });
    drive.seen.length = 0;

    const again = await sync(source, previousOf(first));
    expect(drive.calls()).toEqual(["GET changes"]);
    expect(again.documents).toEqual(first.documents);
    expect(again.state).not.toEqual(first.state);
    drive.seen.length = 0;
    expect((await sync(source, previousOf(again))).documents).toEqual(first.documents);
    expect(drive.calls()).toEqual(["GET changes"]);
  });

  it("sees an edit, an addition, a file trashed and a file moved out of the folders", async () => {
    drive = await startFakeDrive();
    await fillHandbook(drive);
    const { source } = await makeDriveSource(drive);
    const first = await sync(source);
    const version = (listing: SourceListing, id: string) =>
      listing.documents.find((document) => document.id === id)?.version;

    drive.edit("doc-parking", "<p>The garage has 60 bicycle racks.</p>");
    const edited = await sync(source, previousOf(first));
    expect(version(edited, "doc-parking")).not.toBe(version(first, "doc-parking"));
    expect(version(edited, "doc-trains")).toBe(version(first, "doc-trains"));

    drive.add({
      id: "doc-bikes",
      name: "Bikes",
      mimeType: docType,
      parents: ["travel"],
      content: "<p>b</p>",
    });
    const added = await sync(source, previousOf(edited));
    expect(ids(added)).toContain("doc-bikes");

    drive.trash("sheet-rooms");
    drive.move("doc-trains", ["hr"]);
    const removed = await sync(source, previousOf(added));
    expect(ids(removed)).toEqual(["doc-bikes", "doc-parking", "pdf-benefits"]);
  });

  it("searches a shared drive in its own corpus", async () => {
    drive = await startFakeDrive();
    const onDrive = { parents: ["0AsharedDrive"], driveId: "0AsharedDrive" };
    // A shared drive's id is its root folder's, which files.get gives with the drive's id.
    const root = { id: "0AsharedDrive", name: "Policies", mimeType: folderType, parents: [], content: "" };
    drive.add({ ...root, driveId: "0AsharedDrive" });
    drive.add({ id: "doc-expenses", name: "Expenses", mimeType: docType, content: "<p>e</p>", ...onDrive });
    const { source } = await makeDriveSource(drive, { folders: ["0AsharedDrive"] });
    expect(ids(await sync(source))).toEqual(["doc-expenses"]);
    const listed = drive.seen.find((request) => request.path === "/drive/v3/files");
    expect(listed?.query.get("corpora")).toBe("drive");
    expect(listed?.query.get("driveId")).toBe("0AsharedDrive");
  });

  it("syncs only the folders the entry gives a scope, each with its own", async () => {
    drive = await startFakeDrive();
    await fillHandbook(drive);
    drive.add({ id: "doc-leave", name: "Leave", mimeType: docType, parents: ["hr"], content: "<p>l</p>" });
    const { source } = await makeDriveSource(drive, {
      folders: ["handbook", "hr"],
      scopes: { handbook: null, hr: "hr" },
    });
    const listing = await sync(source);
    expect(listing.documents.map(({ id, scope }) => ({ id, scope }))).toEqual([
      { id: "doc-leave", scope: "hr" },
    ]);
    expect(listing.skipped).toEqual(["handbook"]);
  });
});
