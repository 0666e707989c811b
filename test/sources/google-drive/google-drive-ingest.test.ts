import { describe, expect, it } from "vitest";
import { closeAfterTest } from "../../helpers/close-after-test.js";
import { ingestWithSources } from "../../helpers/ingest-with-sources.js";
import { fillHandbook, makeDriveSource } from "./drive-test-setup.js";
import { sendError, startFakeDrive } from "./fake-drive.js";

describe("the Google Drive source through the real ingest, next to a folder", () => {
  it("indexes the folders, cites the Drive files, re-reads only an edit, and keeps everything when Drive fails", async () => {
    const drive = await startFakeDrive({ pageSize: 3 });
    closeAfterTest(drive.close);
    await fillHandbook(drive);
    const { source } = await makeDriveSource(drive, { fetch: { attempts: 1 } });
    const { ingest, search, ingestWhileFailing } = await ingestWithSources(source);
    const reads = () => drive.calls().filter((call) => /export$|pdf-benefits$/.test(call));

    const first = await ingest();
    expect(first).toMatchObject({ added: 8, failed: [], failedSources: [] });
    expect(first.skippedFiles.notDocuments).toContain("drive/img-logo");
    expect(await search("how many bicycle racks in the garage")).toMatchObject({
      source: "drive/doc-parking",
      title: "Parking",
      sourceName: "drive",
      url: "https://docs.example.test/file/d/doc-parking/view",
    });
    expect(await search("which class for train trips under four hours")).toMatchObject({
      source: "drive/doc-trains",
    });
    expect((await search("how many seats in the Fjord meeting room"))?.source).toBe("drive/sheet-rooms");

    // Nothing changed: the Changes API says so, nothing is listed again or read.
    drive.seen.length = 0;
    expect(await ingest()).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 8 });
    expect(drive.calls()).toEqual(["GET changes"]);

    // An edit is read again, alone.
    drive.edit(
      "doc-parking",
      "<html><body><h1>Parking</h1><p>The garage has 60 bicycle racks.</p></body></html>",
    );
    drive.seen.length = 0;
    expect(await ingest()).toMatchObject({ added: 0, updated: 1, removed: 0, unchanged: 7 });
    expect(reads()).toEqual(["GET files/doc-parking/export"]);
    expect((await search("how many bicycle racks in the garage"))?.text).toContain("60 bicycle racks");

    // Drive refuses: the folder is still synced, Drive's documents all stay, the run says why.
    drive.trash("doc-trains");
    drive.faults.push((request, response) => {
      if (!request.path.startsWith("/drive/v3/")) return false;
      sendError(response, 401, "authError", "Invalid Credentials");
      return true;
    });
    await ingestWhileFailing("drive", "GOOGLE_APPLICATION_CREDENTIALS");
    expect((await search("which class for train trips under four hours"))?.source).toBe("drive/doc-trains");

    // Next time Drive answers, the file trashed meanwhile goes.
    expect(await ingest()).toMatchObject({ added: 0, updated: 0, removed: 1, failedSources: [] });
  });
});
