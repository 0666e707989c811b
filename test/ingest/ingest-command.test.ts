import { spawnSync } from "node:child_process";
import { readFile, symlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writePdf } from "../../scripts/pdf-writer.js";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

async function badInputFolder() {
  const root = await makeTempFolder();
  const docsDir = path.join(root, "docs");
  const outside = path.join(root, "outside-secret.md");
  await writeFile(outside, "# Secret\n\nThis file lives outside the docs folder.\n");
  await writeFiles(docsDir, {
    "good.md": "# Good\n\nThis document is perfectly fine and mentions the quarterly offsite.\n",
    "public/logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]),
    "broken.pdf": "%PDF-1.4\n1 0 obj << /Type /Catalog",
    "locked.pdf": writePdf({ pages: [["Salary bands for 2027"]], encrypted: true }),
    "binary.md": Buffer.from([0x23, 0x20, 0x41, 0x00, 0x00, 0x13, 0x37, 0x00]),
    "empty.txt": "",
    "big.txt": "A line of text that repeats.\n".repeat(800),
    "latin1.md": Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]),
  });
  await symlink(outside, path.join(docsDir, "outside.md"));
  await symlink(docsDir, path.join(docsDir, "public", "loop"));
  await symlink("self.md", path.join(docsDir, "self.md"));
  return { root, docsDir, indexDir: path.join(root, "index") };
}

const environment = (docsDir: string, indexDir: string) => ({
  DOCENT_DOCS_DIR: docsDir,
  DOCENT_INDEX_DIR: indexDir,
  DOCENT_MAX_FILE_MB: "0.01",
});

describe("docent ingest (command)", () => {
  it("reports every bad file with its path and reason, indexes the rest, and exits with 2", async () => {
    const { docsDir, indexDir } = await badInputFolder();
    const run = await runDocent(["ingest", "--json"], { env: environment(docsDir, indexDir) });
    expect(run.code).toBe(2);
    const summary = JSON.parse(run.stdout.trim());
    expect(summary).toMatchObject({ added: 1, updated: 0, removed: 0, unchanged: 0 });
    expect(summary.chunks).toBeGreaterThan(0);
    const reasons = Object.fromEntries(
      summary.failed.map((problem: { source: string; reason: string }) => [problem.source, problem.reason]),
    );
    expect(Object.keys(reasons).sort()).toEqual(
      [
        "big.txt",
        "binary.md",
        "broken.pdf",
        "empty.txt",
        "latin1.md",
        "locked.pdf",
        "outside.md",
        "public/loop",
        "self.md",
      ].sort(),
    );
    expect(reasons["big.txt"]).toMatch(/larger than the 0\.01 MB limit \(DOCENT_MAX_FILE_MB\)/);
    expect(reasons["binary.md"]).toBe("binary content in a text file");
    expect(reasons["broken.pdf"]).toMatch(/^not a valid PDF file/);
    expect(reasons["empty.txt"]).toMatch(/empty/);
    expect(reasons["latin1.md"]).toMatch(/^invalid UTF-8/);
    expect(reasons["locked.pdf"]).toBe("the PDF is password-protected");
    expect(reasons["outside.md"]).toBe("symlink points outside the docs folder: not followed");
    expect(reasons["public/loop"]).toMatch(/symlink loop/);
    expect(reasons["self.md"]).toMatch(/symlink loop/);

    const search = await runDocent(["search", "--json", "quarterly offsite"], {
      env: environment(docsDir, indexDir),
    });
    expect(search.code).toBe(0);
    const results = JSON.parse(search.stdout.trim()).results;
    expect(results.map((result: { source: string }) => result.source)).toEqual(["good.md"]);
  });

  it("exits with 1 and leaves the index as it was when the docs folder does not exist", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    const indexDir = path.join(root, "index");
    await writeFiles(docsDir, { "a.md": "# A\n\nAlpha.\n" });
    expect((await runDocent(["ingest"], { env: environment(docsDir, indexDir) })).code).toBe(0);
    const before = await readFile(path.join(indexDir, "CURRENT"), "utf8");

    const missing = await runDocent(["ingest"], { env: environment(path.join(root, "nope"), indexDir) });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/documents folder .*nope does not exist.*DOCENT_DOCS_DIR/);
    expect(await readFile(path.join(indexDir, "CURRENT"), "utf8")).toBe(before);
  });

  it("exits with 3 at once when another ingest holds the lock, and takes over a dead holder's lock", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    const indexDir = path.join(root, "index");
    await writeFiles(docsDir, { "a.md": "# A\n\nAlpha.\n" });
    const lock = path.join(indexDir, "ingest.lock");
    await writeFiles(indexDir, {
      "ingest.lock": JSON.stringify({ pid: process.pid, host: hostname(), startedAt: "x" }),
    });
    const locked = await runDocent(["ingest"], { env: environment(docsDir, indexDir) });
    expect(locked.code).toBe(3);
    expect(locked.stderr).toMatch(/Another ingest is already running on this index \(process \d+/);

    const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid;
    await writeFile(lock, JSON.stringify({ pid: deadPid, host: hostname(), startedAt: "x" }));
    const takeover = await runDocent(["ingest", "--json"], { env: environment(docsDir, indexDir) });
    expect(takeover.code).toBe(0);
    expect(JSON.parse(takeover.stdout).added).toBe(1);
  });

  it("reads questions from standard input, one JSON line each, with the documented fields", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    const indexDir = path.join(root, "index");
    await writeFiles(docsDir, {
      "hr/leave.md": "# Leave\n\n## Sick leave\n\nCall your manager before ten when you are sick.\n",
      "public/lunch.md": "# Lunch\n\nLunch is served at noon in the canteen.\n",
    });
    expect((await runDocent(["ingest"], { env: environment(docsDir, indexDir) })).code).toBe(0);
    const run = await runDocent(["search", "--json", "--top", "1", "--scope", "public,hr"], {
      env: environment(docsDir, indexDir),
      input: "what if I am sick\n\nwhen is lunch\n",
    });
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      question: "what if I am sick",
      results: [
        {
          source: "hr/leave.md",
          page: null,
          heading: "Leave > Sick leave",
          scope: "hr",
          score: expect.any(Number),
          text: "Call your manager before ten when you are sick.",
        },
      ],
    });
    expect(lines[1].results[0].source).toBe("public/lunch.md");
    const publicOnly = await runDocent(["search", "--json", "--scope", "public", "sick leave"], {
      env: environment(docsDir, indexDir),
    });
    expect(JSON.parse(publicOnly.stdout).results.map((result: { scope: string }) => result.scope)).toEqual([
      "public",
    ]);
  });
});

describe("docent rollback", () => {
  it("makes the previous generation current again, and refuses when there is none", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    const indexDir = path.join(root, "index");
    const env = { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir };
    await writeFiles(docsDir, { "menu.md": "# Menu\n\nThe canteen serves lentil soup on Fridays.\n" });
    expect((await runDocent(["ingest"], { env })).code).toBe(0);
    await writeFiles(docsDir, { "menu.md": "# Menu\n\nThe canteen serves fish on Fridays.\n" });
    expect((await runDocent(["ingest"], { env })).code).toBe(0);

    const rollback = await runDocent(["rollback"], { env });
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toMatch(/^Rolled back to gen-[\w-]+ \(1 documents, 1 chunks, built /);
    const search = await runDocent(["search", "--json", "what is served on Fridays"], { env });
    expect(JSON.parse(search.stdout).results[0].text).toContain("lentil soup");

    const again = await runDocent(["rollback"], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("there is no previous generation");
  });
});
