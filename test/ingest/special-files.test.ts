import { spawnSync } from "node:child_process";
import { appendFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readBounded } from "../../src/sources/folder/read-file.js";
import { walkFolder } from "../../src/sources/folder/walk-folder.js";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

const megabyte = 1024 * 1024;

async function listOneFile(contents: string) {
  const docsDir = await makeTempFolder();
  await writeFiles(docsDir, { "notes.md": contents });
  const listing = await walkFolder(docsDir, { maxFileBytes: megabyte });
  expect(listing.files.map((file) => file.source)).toEqual(["notes.md"]);
  return { docsDir, listing, file: path.join(docsDir, "notes.md") };
}

describe("files that change between listing and reading (issue #11, item 4)", () => {
  it("reports a file swapped for a FIFO after listing instead of waiting on it forever", async () => {
    const { listing, file } = await listOneFile("# Notes\n\nSome notes.\n");
    await rm(file);
    expect(spawnSync("mkfifo", [file]).status).toBe(0);
    expect(await readBounded(listing.files[0]?.absolutePath ?? "", megabyte)).toBe("not a regular file");
  });

  it("reads no more than the size limit of a file that grew past it after listing", async () => {
    const { listing, file } = await listOneFile("# Notes\n\nSome notes.\n");
    await appendFile(file, Buffer.alloc(2 * megabyte, "a"));
    expect(await readBounded(listing.files[0]?.absolutePath ?? "", megabyte)).toBe(
      "file is larger than the 1 MB limit (DOCENT_MAX_FILE_MB)",
    );
  });

  it("reads a file that grew within the limit whole, as it is when read", async () => {
    const { listing, file } = await listOneFile("# Notes\n\nSome notes.\n");
    await appendFile(file, "More notes.\n");
    const read = await readBounded(listing.files[0]?.absolutePath ?? "", megabyte);
    expect(read.toString()).toBe("# Notes\n\nSome notes.\nMore notes.\n");
  });
});

describe("names and links (issue #11, items 5 and 7)", () => {
  it("reports a file whose name is not valid UTF-8 as such, not as a broken symlink", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    await writeFiles(docsDir, { "good.md": "# Good\n\nA good file.\n" });
    // "caf\xe9.md" in Latin-1: a name written by an old file server.
    const latin1Name = Buffer.concat([
      Buffer.from(`${docsDir}/caf`),
      Buffer.from([0xe9]),
      Buffer.from(".md"),
    ]);
    await writeFile(latin1Name, "# Café\n\nThe café opens at eight.\n");
    const run = await runDocent(["ingest", "--json"], {
      env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: path.join(root, "index") },
    });
    expect(run.code, run.stderr).toBe(2);
    expect(JSON.parse(run.stdout.trim()).failed).toEqual([
      { source: "caf\ufffd.md", reason: "the file name is not valid UTF-8: rename it to index it" },
    ]);
  });

  it("gives a linked file the scope of its real path, so public/ cannot publish hr/", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    await writeFiles(docsDir, {
      "hr/salaries.md": "# Salaries\n\nThe salary bands for engineers are confidential.\n",
      "public/welcome.md": "# Welcome\n\nWelcome to the company handbook.\n",
    });
    await symlink("../hr/salaries.md", path.join(docsDir, "public", "salaries.md"));
    await symlink("../hr", path.join(docsDir, "public", "hr-folder"));
    const env = { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: path.join(root, "index") };
    const run = await runDocent(["ingest", "--json"], { env });
    expect(run.code, run.stderr).toBe(0);

    const search = async (scope: string) => {
      const found = await runDocent(["search", "--json", "--scope", scope, "salary bands"], { env });
      return JSON.parse(found.stdout.trim()).results.map((result: { source: string; scope: string }) => ({
        source: result.source,
        scope: result.scope,
      }));
    };
    const publicResults: Array<{ source: string }> = await search("public");
    expect(publicResults.filter((result) => result.source !== "public/welcome.md")).toEqual([]);
    expect(await search("hr")).toEqual(
      expect.arrayContaining([
        { source: "hr/salaries.md", scope: "hr" },
        { source: "public/salaries.md", scope: "hr" },
        { source: "public/hr-folder/salaries.md", scope: "hr" },
      ]),
    );
  });
});
