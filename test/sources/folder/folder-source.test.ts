import { rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isDocentError } from "../../../src/errors.js";
import type { PreviousSync } from "../../../src/sources/document-source.js";
import { documentsFolder } from "../../../src/sources/folder/folder-source.js";
import { failureOf } from "../../helpers/failure-of.js";
import { makeTempFolder, writeFiles } from "../../helpers/temp-folder.js";
import { tinyHandbook } from "../../helpers/tiny-handbook.js";

const firstSync: PreviousSync = { documents: new Map(), state: undefined };

async function handbookFolder() {
  const docsDir = path.join(await makeTempFolder(), "docs");
  await writeFiles(docsDir, tinyHandbook);
  return { docsDir, source: documentsFolder(docsDir, 1024 * 1024) };
}

const ids = (listing: { documents: Array<{ id: string }> }) =>
  listing.documents.map((document) => document.id);

describe("the folder source, checked once and then listed", () => {
  it("lists the folder its check found, and finds the folder itself when listed without a check", async () => {
    const { docsDir, source } = await handbookFolder();
    await source.check();
    const all = Object.keys(tinyHandbook).sort();
    expect(ids(await source.list({ previous: firstSync }))).toEqual(all);
    // A second listing without a check of its own, after a file was added: read from the folder as it is now.
    await writeFiles(docsDir, { "public/canteen.md": "# Canteen\n\nThe canteen opens at noon.\n" });
    expect(ids(await source.list({ previous: firstSync }))).toEqual([...all, "public/canteen.md"].sort());
  });

  it("refuses with the folder's sentence, not an empty listing, when the folder is gone by the time it is listed", async () => {
    const { docsDir, source } = await handbookFolder();
    await source.check();
    await rm(docsDir, { recursive: true });
    const gone = await failureOf(source.list({ previous: firstSync }));
    expect(isDocentError(gone, "DOCS_NOT_FOUND")).toBe(true);
    expect(gone.message).toBe(
      `the documents folder ${docsDir} does not exist. Point --docs or DOCENT_DOCS_DIR at the folder that holds your documents.`,
    );
  });

  it("lists the folder its link points to now when the one it checked was removed and the link moved", async () => {
    // A deployment that swaps a link to each release of the documents, and removes the old release.
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    await writeFiles(path.join(root, "release-1"), tinyHandbook);
    await symlink(path.join(root, "release-1"), docsDir);
    const source = documentsFolder(docsDir, 1024 * 1024);
    await source.check();
    await writeFiles(path.join(root, "release-2"), { "public/canteen.md": "# Canteen\n\nOpens at noon.\n" });
    await rm(docsDir);
    await symlink(path.join(root, "release-2"), docsDir);
    await rm(path.join(root, "release-1"), { recursive: true });
    expect(ids(await source.list({ previous: firstSync }))).toEqual(["public/canteen.md"]);
  });

  it("refuses when the folder was replaced by a file after its check", async () => {
    const { docsDir, source } = await handbookFolder();
    await source.check();
    await rename(docsDir, `${docsDir}-moved`);
    await writeFile(docsDir, "not a folder");
    const replaced = await failureOf(source.list({ previous: firstSync }));
    expect(isDocentError(replaced, "DOCS_NOT_FOUND")).toBe(true);
    expect(replaced.message).toContain(`${docsDir} is a file, not a folder.`);
  });
});
