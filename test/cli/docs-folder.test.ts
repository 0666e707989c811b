import { rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

/**
 * The `--docs` trap: `docent ingest --docs ~/handbook` indexes another folder than the default; the index remembers
 * it, `status` shows it, a plain `docent ingest` updates it from there, and an ingest from yet another folder is
 * refused (nothing changes) unless it says --rebuild. Through the real CLI, from a folder whose default documents
 * folder (./data/docs) does not exist.
 */
async function twoFolders() {
  const root = await makeTempFolder("docent-docs-folder-");
  const handbook = path.join(root, "handbook");
  const samples = path.join(root, "samples");
  await writeFiles(handbook, {
    "public/parking.md": "# Parking\n\nStaff park on level two of the garage.\n",
    "hr/leave.md": "# Leave\n\nAsk your manager for leave two weeks ahead.\n",
  });
  await writeFiles(samples, { "public/lunch.md": "# Lunch\n\nLunch is served at noon.\n" });
  const index = path.join(root, "index");
  return { root, handbook, samples, env: { DOCENT_INDEX_DIR: index } };
}

describe("the documents folder an index was built from", () => {
  it("is remembered: status shows it, a plain ingest updates it, another folder is refused without --rebuild", async () => {
    const { root, handbook, samples, env } = await twoFolders();
    const first = await runDocent(["ingest", "--docs", handbook], { cwd: root, env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Indexed 2 documents (2 chunks) from ${handbook} in `);

    const status = await runDocent(["status"], { cwd: root, env });
    expect(status.stdout).toContain(`Docs folder: ${handbook} (the folder the index was built from)\n`);

    // A plain ingest (no --docs, no DOCENT_DOCS_DIR) updates the handbook's index, not ./data/docs.
    const plain = await runDocent(["ingest", "--json"], { cwd: root, env });
    expect(plain.code, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ docsDir: handbook, added: 0, removed: 0, unchanged: 2 });

    // Another folder, chosen by DOCENT_DOCS_DIR (as a bot's schedule would have it): refused, the index untouched.
    const other = await runDocent(["ingest"], { cwd: root, env: { ...env, DOCENT_DOCS_DIR: samples } });
    expect(other.code).toBe(1);
    expect(other.stderr).toBe(
      `docent: the index in ${env.DOCENT_INDEX_DIR} was built from the documents in ${handbook}, not ${samples}: ` +
        `indexing ${samples} would remove every document of ${handbook} from it. To replace them, run the ingest ` +
        `with --rebuild; to update the index from ${handbook}, leave --docs and DOCENT_DOCS_DIR unset or point ` +
        "them there.\n",
    );
    const chosen = await runDocent(["status", "--json"], {
      cwd: root,
      env: { ...env, DOCENT_DOCS_DIR: samples },
    });
    expect(JSON.parse(chosen.stdout)).toMatchObject({
      documents: 2,
      docsDir: samples,
      indexDocsDir: handbook,
    });
    const chosenText = await runDocent(["status"], { cwd: root, env: { ...env, DOCENT_DOCS_DIR: samples } });
    expect(chosenText.stdout).toContain(
      `Docs folder: ${samples} (chosen by DOCENT_DOCS_DIR)\n             but the index was built from ${handbook}`,
    );

    // --rebuild replaces it; from then on the index is the samples'.
    const rebuilt = await runDocent(["ingest", "--rebuild", "--json"], {
      cwd: root,
      env: { ...env, DOCENT_DOCS_DIR: samples },
    });
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({ docsDir: samples, added: 1 });
    const after = await runDocent(["status", "--json"], { cwd: root, env });
    expect(JSON.parse(after.stdout)).toMatchObject({ documents: 1, docsDir: samples, indexDocsDir: samples });
  }, 120_000);

  it("a remembered folder that is gone: a plain ingest says which folder and how to choose another", async () => {
    const { root, handbook, samples, env } = await twoFolders();
    expect((await runDocent(["ingest", "--docs", handbook], { cwd: root, env })).code).toBe(0);
    await rm(handbook, { recursive: true });
    const plain = await runDocent(["ingest"], { cwd: root, env });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(
      `docent: the documents folder ${handbook} (the folder the index was built from) does not exist. Point ` +
        "--docs or DOCENT_DOCS_DIR at the folder that holds your documents and add --rebuild.\n",
    );
    const moved = await runDocent(["ingest", "--docs", samples, "--rebuild"], { cwd: root, env });
    expect(moved.code, moved.stderr).toBe(0);
  }, 120_000);
});
