import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { tinyHandbook } from "../helpers/tiny-handbook.js";
import { makeServiceAccount } from "../sources/google-drive/fake-drive-token.js";

/**
 * Every kind of source failing against a hostile server on 127.0.0.1 that refuses every request and echoes what it
 * was sent (the Authorization header, the form, the query) in its error body: no credential may reach the run's
 * report, its messages or its log, even at debug level.
 */
const secrets = {
  CONFLUENCE_USER: "ada@example.com",
  CONFLUENCE_TOKEN: "CONFLUENCE-SECRET-7f3a9",
  NOTION_TOKEN: "secret_NOTION-SECRET-51c2e",
  MS_TENANT_ID: "tenant-5e1d",
  MS_CLIENT_ID: "client-8a2b",
  MS_CLIENT_SECRET: "GRAPH-SECRET-c0ffee",
};

const server = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => {
    body += chunk.toString("utf8");
  });
  request.on("end", () => {
    const echoed = `${request.headers.authorization ?? ""} ${body} ${request.url ?? ""}`;
    response.writeHead(401, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        error: "invalid_client",
        error_description: `refused: ${echoed}`,
        errors: [{ status: 401, code: "UNAUTHORIZED", title: echoed }],
        message: echoed,
        object: "error",
        status: 401,
        code: "unauthorized",
      }),
    );
  });
});
afterAll(() => server.close());

describe("credentials of every kind of source", () => {
  it("stay out of the report, the messages and the log when every source is refused", async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const root = await makeTempFolder();
    await writeFiles(path.join(root, "docs"), tinyHandbook);
    const account = makeServiceAccount(`${origin}/token`);
    const keyPath = path.join(root, "drive-key.json");
    await writeFile(keyPath, JSON.stringify(account.keyFile));
    const sourcesFile = path.join(root, "sources.yaml");
    await writeFile(
      sourcesFile,
      [
        "sources:",
        `  - { name: handbook, type: folder, path: ${JSON.stringify(path.join(root, "docs"))} }`,
        `  - { name: intranet, type: web, url: "${origin}/handbook/", scope: public }`,
        `  - { name: wiki, type: confluence, url: "https://example.atlassian.net/wiki", api_url: "${origin}/wiki", spaces: [HR], scope: hr, auth: { user_env: CONFLUENCE_USER, token_env: CONFLUENCE_TOKEN } }`,
        `  - { name: drive, type: google-drive, api_url: "${origin}/", folders: [folder1], scope: public, auth: { credentials_file_env: DRIVE_KEY } }`,
        `  - { name: notion, type: notion, api_url: "${origin}", scope: public, auth: { token_env: NOTION_TOKEN } }`,
        `  - { name: policies, type: sharepoint, site: "https://example.sharepoint.com/sites/HR", authority_host: "${origin}", api_url: "${origin}/v1.0", scope: hr, auth: { tenant_env: MS_TENANT_ID, client_id_env: MS_CLIENT_ID, client_secret_env: MS_CLIENT_SECRET } }`,
      ].join("\n"),
    );
    const logFile = path.join(root, "docent.log");
    const run = await runDocent(["ingest", "--json"], {
      env: {
        ...secrets,
        DRIVE_KEY: keyPath,
        DOCENT_SOURCES_FILE: sourcesFile,
        DOCENT_INDEX_DIR: path.join(root, "index"),
        DOCENT_STATE_DIR: path.join(root, "state"),
        DOCENT_LOG_FILE: logFile,
        LOG_LEVEL: "debug",
      },
    });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { failed: Array<{ source: string; reason: string }> };
    expect(report.failed.map((problem) => problem.source).sort()).toEqual(
      ["drive", "intranet", "notion", "policies", "wiki"].sort(),
    );
    // The log (standard error here: no terminal) holds the sources' requests and failures, at debug level.
    const log = `${run.stderr}\n${await readFile(logFile, "utf8").catch(() => "")}`;
    expect(log).toMatch(/"source":"policies".*"msg":"source not synced"/);
    const everything = `${run.stdout}\n${log}`;
    const basic = Buffer.from(`${secrets.CONFLUENCE_USER}:${secrets.CONFLUENCE_TOKEN}`).toString("base64");
    const keyBody = account.keyFile.private_key.split("\n")[5] ?? "";
    for (const secret of [
      secrets.CONFLUENCE_TOKEN,
      secrets.NOTION_TOKEN,
      secrets.MS_CLIENT_SECRET,
      basic,
      keyBody,
    ]) {
      expect(secret.length).toBeGreaterThan(10);
      expect(everything).not.toContain(secret);
    }
  }, 120_000);
});
