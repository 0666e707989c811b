import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findClosedPort } from "../embeddings/fake-embedding-server.js";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

async function folders(files: Record<string, string>) {
  const root = await makeTempFolder("docent-ingest-report-");
  const docsDir = path.join(root, "docs");
  const indexDir = path.join(root, "index");
  await writeFiles(docsDir, files);
  return { root, docsDir, indexDir, env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir } };
}

describe("docent ingest tells the user what happened", () => {
  it("a folder without documents: exit 1, the files it did find, and no index written", async () => {
    const { env, indexDir, docsDir } = await folders({ "budget.numbers": "x", "slides/deck.key": "x" });
    const run = await runDocent(["ingest"], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `docent: no documents to index in ${docsDir}: it holds 2 files, none of them a document`,
    );
    expect(run.stderr).toContain("budget.numbers, slides/deck.key");
    expect(run.stderr).toContain(".md, ");
    expect(existsSync(indexDir)).toBe(false);
  });

  it("names the files skipped as not documents: with --verbose, and in --json", async () => {
    const { env } = await folders({
      "guide.md": "# Guide\n\nThe guide explains the guide.\n",
      "photo.png": "x",
    });
    const text = await runDocent(["ingest"], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("1 skipped (not documents; --verbose lists them)");
    const verbose = await runDocent(["ingest", "--verbose", "--rebuild"], { env });
    expect(verbose.stdout).toContain("  skipped: photo.png (not a document: docent reads ");
    const json = JSON.parse((await runDocent(["ingest", "--json", "--rebuild"], { env })).stdout);
    expect(json.skippedFiles).toEqual(["photo.png"]);
    // The time reported is the wall time the user waited (start-up included), not only the pipeline's.
    expect(json.wallMs).toBeGreaterThan(json.durationMs);
    expect(text.stdout).toMatch(/Indexed 1 documents \(1 chunks\) from .+docs in \d+\.\d s:/);
  });

  it("counts what it lists: a redirect stub is skipped as a document with no text, and named too", async () => {
    const { env } = await folders({
      "guide.md": "# Guide\n\nThe guide explains the guide.\n",
      "photo.png": "x",
      "old-page.md": "---\ntitle: Old page\nredirect_to: /guide/\n---\n",
    });
    const text = await runDocent(["ingest"], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      "0 unchanged, 2 skipped (1 not documents, 1 with no text; --verbose lists them), 0 failed.",
    );
    const verbose = await runDocent(["ingest", "--verbose"], { env });
    expect(verbose.stdout).toContain("2 skipped (1 not documents, 1 with no text), 0 failed.");
    const skippedLines = verbose.stdout.split("\n").filter((line) => line.startsWith("  skipped: "));
    expect(skippedLines).toEqual([
      expect.stringMatching(/^ {2}skipped: photo\.png \(not a document: docent reads /),
      "  skipped: old-page.md (no text once front matter and template tags are removed)",
    ]);
    const json = JSON.parse((await runDocent(["ingest", "--json"], { env })).stdout);
    expect(json.skipped).toBe(2);
    expect(json.skippedFiles).toEqual(["old-page.md", "photo.png"]);
  });

  it("a first ingest that fails leaves no empty index folder behind", async () => {
    const { env, indexDir } = await folders({ "guide.md": "# Guide\n\nText.\n" });
    const port = await findClosedPort();
    const run = await runDocent(["ingest"], {
      env: {
        ...env,
        EMBEDDINGS_PROVIDER: "ollama",
        EMBEDDINGS_BASE_URL: `http://127.0.0.1:${port}`,
        EMBEDDINGS_MAX_RETRIES: "0",
      },
    });
    expect(run.code).toBe(1);
    expect(existsSync(indexDir)).toBe(false);
  });

  it("--docs pointing at a file says so", async () => {
    const { root, env } = await folders({ "guide.md": "# Guide\n\nText.\n" });
    const file = path.join(root, "docs/guide.md");
    const run = await runDocent(["ingest", "--docs", file], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `docent: ${file} is a file, not a folder. Point --docs or DOCENT_DOCS_DIR at the folder that holds your ` +
        "documents (each first-level folder in it is a scope).\n",
    );
  });

  it("warns when documents are in scopes no Slack or Discord conversation may search, naming the file to edit", async () => {
    const { env, root } = await folders({
      "pages/welcome.md": "# Welcome\n\nHello.\n",
      "pages/leave.md": "# Leave\n\nAsk.\n",
    });
    const accessFile = path.join(root, "access.yaml");
    const run = await runDocent(["ingest"], { env: { ...env, DOCENT_ACCESS_FILE: accessFile } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Warning: Slack and Discord cannot search the scope pages (2 documents)");
    expect(run.stderr).toContain(`Map channels to these scopes in ${accessFile}`);
    await writeFiles(root, { "access.yaml": "slack:\n  defaultScopes: [public, pages]\n" });
    const granted = await runDocent(["ingest"], { env: { ...env, DOCENT_ACCESS_FILE: accessFile } });
    expect(granted.stderr).not.toContain("cannot search");
  });

  it("says plainly that there is no index yet, with the command that works from where it runs", async () => {
    const { root, env, indexDir } = await folders({});
    // In the project folder (node_modules/.bin/docent), without `docent` on the PATH: only `npx docent` works.
    const run = await runDocent(["search", "anything"], { env: { ...env, PATH: root } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`docent: There is no index in ${indexDir} yet. Run \`npx docent ingest\`.\n`);
  });
});
