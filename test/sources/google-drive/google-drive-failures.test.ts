import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { isDocentError } from "../../../src/errors.js";
import { failureOf } from "../../helpers/failure-of.js";
import { fillHandbook, firstSync, makeDriveSource, previousOf } from "./drive-test-setup.js";
import { type FakeDrive, sendError, startFakeDrive } from "./fake-drive.js";
import { makeServiceAccount } from "./fake-drive-token.js";

let drive: FakeDrive;
afterEach(async () => {
  await drive.close();
});

async function handbookDrive() {
  drive = await startFakeDrive();
  await fillHandbook(drive);
  return drive;
}

describe("the Google Drive source when Drive refuses, fails or stalls", () => {
  it("waits the Retry-After of a 429, then lists", async () => {
    await handbookDrive();
    drive.faults.push((request, response) => {
      if (request.path !== "/drive/v3/files") return false;
      response.setHeader("retry-after", "1");
      sendError(response, 429, "rateLimitExceeded", "Rate Limit Exceeded");
      return true;
    });
    const { source } = await makeDriveSource(drive);
    const listing = await source.list({ previous: firstSync });
    expect(listing.documents).toHaveLength(4);
    expect(drive.calls().filter((call) => call === "GET files")).toHaveLength(3);
  });

  it("names the variable when the token endpoint refuses the key", async () => {
    await handbookDrive();
    const other = makeServiceAccount(`${drive.url}token`);
    const { source } = await makeDriveSource(drive, {
      keyFile: { ...drive.keyFile, private_key: other.keyFile.private_key },
    });
    const error = await failureOf(source.list({ previous: firstSync }));
    expect(error.message).toBe(
      `The drive source was refused an access token by ${drive.url}token (HTTP 400 invalid_grant): check the ` +
        "service account's key in the file GOOGLE_APPLICATION_CREDENTIALS names (a deleted or disabled key is refused)",
    );
    expect(error.message).not.toContain("PRIVATE KEY");
  });

  it("names the variable on a 401 from the API", async () => {
    await handbookDrive();
    drive.faults.push((request, response) => {
      if (request.path !== "/drive/v3/files/handbook") return false;
      sendError(response, 401, "authError", "Invalid Credentials");
      return true;
    });
    const { source } = await makeDriveSource(drive);
    const error = await failureOf(source.list({ previous: firstSync }));
    expect(error.message).toBe(
      "The drive source was refused (HTTP 401) reading folder handbook: check the service account's key in the " +
        "file GOOGLE_APPLICATION_CREDENTIALS names",
    );
    // Neither the access token nor the key is anywhere in the error or what it wraps (the log gets the cause).
    const everything = inspect(error, { depth: 10 });
    expect(everything).toContain("REDACTED"); // the request it wraps is there, its credentials redacted
    expect(everything).not.toMatch(/ya29\.fake|PRIVATE KEY/);
  });

  it("says to share the folder with the service account's email when it cannot see it (404) or read it (403)", async () => {
    await handbookDrive();
    const { source } = await makeDriveSource(drive);
    drive.hide("handbook");
    const hidden = await failureOf(source.list({ previous: firstSync }));
    expect(hidden.message).toBe(
      `The drive source cannot see folder handbook (HTTP 404): it was deleted, or it is not shared with the ` +
        `service account ${drive.email}; share it (as a Viewer) or check the id in the sources file`,
    );
    drive.faults.push((request, response) => {
      if (request.path !== "/drive/v3/files/handbook") return false;
      sendError(
        response,
        403,
        "insufficientFilePermissions",
        "The user does not have sufficient permissions.",
      );
      return true;
    });
    const forbidden = await failureOf(source.list({ previous: firstSync }));
    expect(forbidden.message).toBe(
      `The drive source may not read folder handbook (HTTP 403): grant access: share it with the service ` +
        `account ${drive.email} (as a Viewer)`,
    );
  });

  it("says to enable the Drive API when the project has not", async () => {
    await handbookDrive();
    drive.faults.push((_request, response) => {
      sendError(
        response,
        403,
        "accessNotConfigured",
        "Google Drive API has not been used in project 1 before.",
      );
      return true;
    });
    const { source } = await makeDriveSource(drive);
    const error = await failureOf(source.list({ previous: firstSync }));
    expect(error.message).toContain(
      "enable the Google Drive API in the Google Cloud project of the service account",
    );
  });

  it("gives up on a server that stops answering mid-sync, with the deadline in the sentence", async () => {
    await handbookDrive();
    const { source } = await makeDriveSource(drive, { fetch: { timeoutMs: 400, attempts: 2 } });
    const first = await source.list({ previous: firstSync });
    drive.edit("doc-parking", "<p>edited</p>");
    drive.faults.push((request) => request.path === "/drive/v3/files");
    drive.faults.push((request) => request.path === "/drive/v3/files");
    const error = await failureOf(source.list({ previous: previousOf(first) }));
    expect(isDocentError(error, "SOURCE_UNAVAILABLE")).toBe(true);
    expect(error.message).toBe(
      `The drive source: ${drive.url}drive/v3/files did not answer within 0.4 s (2 tries)`,
    );
  });

  it("refuses a body that is not the API's JSON: cut off, or an HTML page", async () => {
    await handbookDrive();
    const { source } = await makeDriveSource(drive);
    drive.faults.push((request, response) => {
      if (request.path !== "/drive/v3/files") return false;
      response.writeHead(200, { "content-type": "application/json" }).end('{"files": [{"id": "doc-');
      return true;
    });
    const cut = await failureOf(source.list({ previous: firstSync }));
    expect(cut.message).toBe(
      `The drive source could not read folder handbook: ${drive.url}drive/v3/files sent a reply that is not the Drive API's JSON`,
    );
    drive.faults.push((request, response) => {
      if (request.path !== "/drive/v3/changes/startPageToken") return false;
      response.writeHead(200, { "content-type": "text/html" }).end("<html><body>Sign in</body></html>");
      return true;
    });
    const page = await failureOf(source.list({ previous: firstSync }));
    expect(page.message).toContain("sent a reply that is not the Drive API's JSON");
  });

  it("fails the sync rather than list less when Drive says its search was incomplete", async () => {
    await handbookDrive();
    const { source } = await makeDriveSource(drive);
    drive.faults.push((request, response) => {
      if (request.path !== "/drive/v3/files") return false;
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ kind: "drive#fileList", incompleteSearch: true, files: [] }));
      return true;
    });
    const error = await failureOf(source.list({ previous: firstSync }));
    expect(error.message).toBe(
      "The drive source could not list folder handbook: Drive says the search was incomplete; the next sync tries again",
    );
  });

  it("fails one read with its sentence, leaving the others readable", async () => {
    await handbookDrive();
    const { source } = await makeDriveSource(drive, { fetch: { attempts: 1 } });
    const listing = await source.list({ previous: firstSync });
    const parking = listing.documents.find((document) => document.id === "doc-parking");
    drive.faults.push((request, response) => {
      if (!request.path.endsWith("/export")) return false;
      sendError(response, 500, "backendError", "Backend Error");
      return true;
    });
    const error = await failureOf(source.read(parking as never));
    expect(error.message).toBe(
      `The drive source could not read the file Parking (doc-parking): ${drive.url}drive/v3/files/doc-parking/export answered HTTP 500`,
    );
    expect((await source.read(parking as never)).toString()).toContain("40 bicycle racks");
  });

  it("stops at once when the run is cancelled", async () => {
    await handbookDrive();
    const controller = new AbortController();
    const { source } = await makeDriveSource(drive, {
      signal: controller.signal,
      fetch: { timeoutMs: 60_000 },
    });
    drive.faults.push((request) => {
      if (request.path !== "/drive/v3/files") return false;
      controller.abort();
      return true;
    });
    const error = await failureOf(source.list({ previous: firstSync, signal: controller.signal }));
    expect(isDocentError(error, "CANCELLED")).toBe(true);
  });

  it("says what is wrong with the key file, naming its variable", async () => {
    await handbookDrive();
    const { source } = await makeDriveSource(drive, { keyFile: { type: "authorized_user", client_id: "x" } });
    const error = await failureOf(source.check());
    expect(error.message).toBe(
      "The drive source cannot use the file GOOGLE_APPLICATION_CREDENTIALS names: its type is missing or not a " +
        "service account's; set it to the path of a service account's JSON key (Google Cloud console, IAM, " +
        "Service accounts, Keys)",
    );
  });
});
