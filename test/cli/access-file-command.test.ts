import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

/**
 * The access file as the commands read it (`docent status` and `docent ingest` check which scopes no conversation
 * may search): a FIFO in its place once blocked the command for ever; scope folders named in other alphabets, or
 * with a combining accent (as macOS writes names), could not be granted at all.
 */
async function run(args: string[], env: Record<string, string>) {
  const started = startDocent(args, { env });
  const stop = setTimeout(() => started.child.kill("SIGKILL"), 60_000);
  try {
    return await started.done;
  } finally {
    clearTimeout(stop);
  }
}

describe("the access file, read by the commands", () => {
  it("refuses a FIFO in the access file's place at once, saying what it is", async () => {
    const folder = await makeTempFolder("docent-access-fifo-");
    await writeFiles(folder, { "docs/notes.md": "# Notes\n\nThe office opens at nine.\n" });
    const env = {
      DOCENT_DOCS_DIR: path.join(folder, "docs"),
      DOCENT_INDEX_DIR: path.join(folder, "index"),
      DOCENT_ACCESS_FILE: path.join(folder, "access.yaml"),
    };
    expect((await run(["ingest"], env)).code).toBe(0);
    execFileSync("mkfifo", [env.DOCENT_ACCESS_FILE]);
    const status = await run(["status"], env);
    expect(status.signal, "status waited on the FIFO until it was killed").toBeNull();
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(
      `docent: The access file ${env.DOCENT_ACCESS_FILE} is a named pipe (FIFO), not a regular file: point DOCENT_ACCESS_FILE at a YAML or JSON file`,
    );
  }, 120_000);

  it("grants scope folders with letters of any alphabet, in either Unicode form", async () => {
    const folder = await makeTempFolder("docent-access-unicode-");
    const decomposed = "sco\u0308pe"; // "scöpe" as macOS writes a folder name: o + combining diaeresis
    await writeFiles(folder, {
      [`docs/${decomposed}/zeppelin.md`]: "# Zeppelin\n\nThe zeppelin tour starts at the north hangar.\n",
      "docs/персонал/отпуск.md": "# Отпуск\n\nThe annual leave request form is in the staff portal.\n",
      "access.yaml": "slack:\n  channels:\n    C1: [public, scöpe, персонал]\n",
    });
    const env = {
      DOCENT_DOCS_DIR: path.join(folder, "docs"),
      DOCENT_INDEX_DIR: path.join(folder, "index"),
      DOCENT_ACCESS_FILE: path.join(folder, "access.yaml"),
    };
    const ingest = await run(["ingest", "--json"], env);
    expect(ingest.code, ingest.stderr).toBe(0);
    const status = await run(["status", "--json"], env);
    expect(status.code, status.stderr).toBe(0);
    const facts = JSON.parse(status.stdout) as {
      scopes: Record<string, number>;
      scopesWithoutAccess: string[];
    };
    expect(Object.keys(facts.scopes).sort()).toEqual(["scöpe", "персонал"].sort());
    expect(facts.scopesWithoutAccess).toEqual([]);
    const search = await run(["search", "--json", "--scope", "scöpe", "zeppelin tour"], env);
    expect(search.code, search.stderr).toBe(0);
    const { results } = JSON.parse(search.stdout) as { results: Array<{ source: string; scope: string }> };
    expect(results.map((result) => result.scope)).toEqual(["scöpe"]);
  }, 120_000);
});
