import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { closeAfterTest } from "../helpers/close-after-test.js";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { tinyHandbook } from "../helpers/tiny-handbook.js";
import { storage } from "../sources/confluence/confluence-fixture.js";
import { fakeToken, fakeUser, startFakeConfluence } from "../sources/confluence/fake-confluence.js";

/** A sources file with a folder and a Confluence (on 127.0.0.1), and the environment the CLI runs with. */
async function setUp() {
  const fake = await startFakeConfluence();
  closeAfterTest(fake.close);
  fake.addSpace("HR");
  fake.putPage({ spaceKey: "HR", title: "Leave policy", storage: storage.leave(25) });
  const root = await makeTempFolder();
  await writeFiles(path.join(root, "docs"), tinyHandbook);
  const sourcesFile = path.join(root, "sources.yaml");
  const write = (wikiType = "confluence") =>
    writeFile(
      sourcesFile,
      [
        "sources:",
        "  - name: handbook",
        "    type: folder",
        `    path: ${JSON.stringify(path.join(root, "docs"))}`,
        "  - name: wiki",
        `    type: ${wikiType}`,
        "    url: https://example.atlassian.net/wiki",
        `    api_url: ${fake.url}`,
        "    spaces: [HR]",
        "    scope: hr",
        "    auth: { user_env: WIKI_USER, token_env: WIKI_TOKEN }",
      ].join("\n"),
    );
  await write();
  const env = {
    DOCENT_SOURCES_FILE: sourcesFile,
    DOCENT_INDEX_DIR: path.join(root, "index"),
    DOCENT_STATE_DIR: path.join(root, "state"),
    WIKI_USER: fakeUser,
    WIKI_TOKEN: fakeToken,
  };
  return { fake, env, write };
}

describe("docent ingest with a sources file", () => {
  it("syncs every source, one source with --source, keeps a failing source's documents, and status tells each one's sync", async () => {
    const { fake, env } = await setUp();
    const first = await runDocent(["ingest", "--json"], { env });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ added: 5, failed: [] });

    const onlyWiki = await runDocent(["ingest", "--source", "wiki"], { env });
    expect(onlyWiki.code).toBe(0);
    expect(onlyWiki.stdout).toMatch(/^Indexed 5 documents \(\d+ chunks\) from the source wiki in /);
    expect(onlyWiki.stdout).toContain("0 removed, 1 unchanged");

    const refused = await runDocent(["ingest", "--json"], { env: { ...env, WIKI_TOKEN: "a-revoked-token" } });
    expect(refused.code).toBe(2);
    const summary = JSON.parse(refused.stdout);
    expect(summary).toMatchObject({ removed: 0, unchanged: 4 });
    expect(summary.failed[0].reason).toContain(
      "check the e-mail address in WIKI_USER and the API token in WIKI_TOKEN",
    );
    expect(refused.stdout).not.toContain("a-revoked-token");

    const status = await runDocent(["status"], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Sources: +handbook: 4 documents, \d+ chunks, synced 20\d\d-/);
    expect(status.stdout).toMatch(
      /wiki: 1 documents, \d+ chunks, synced 20\d\d-.*\n +last sync failed 20\d\d-.*WIKI_TOKEN/,
    );
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it("refuses a misspelt kind, an unknown --source and --docs next to the file, each in one sentence, changing nothing", async () => {
    const { env, write } = await setUp();
    const unknown = await runDocent(["ingest", "--source", "wikki"], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("--source wikki: the sources file");
    expect(unknown.stderr).toContain('Did you mean "wiki"?');
    const docs = await runDocent(["ingest", "--docs", "data/docs"], { env });
    expect(docs.code).toBe(1);
    expect(docs.stderr).toContain(
      "add the folder to the sources file (type: folder, path: ...) and unset DOCENT_DOCS_DIR",
    );
    await write("confluense");
    const misspelt = await runDocent(["ingest"], { env });
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr).toContain('sources[1].type: "confluense" is not a kind of source docent reads');
    expect(misspelt.stderr).toContain('Did you mean "confluence"?');
  });
});
