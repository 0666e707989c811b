import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

/**
 * The limits on odd files are set by numbers in the environment: those are plain decimals (a "1e-9" limit was
 * reported as a "0 MB limit", "0x10" was taken as 16), and a limit below anything meaningful is refused with a
 * sentence naming the variable. A file with more text than a JavaScript string can hold, with every limit raised,
 * is reported as exactly that (it was "invalid UTF-8 text").
 */
async function docsFolder(files: Record<string, string>) {
  const root = await makeTempFolder("docent-limit-values-");
  const docsDir = path.join(root, "docs");
  await writeFiles(docsDir, files);
  return { docsDir, indexDir: path.join(root, "index") };
}

describe("number settings and the limits they set", () => {
  it("refuses a limit too small to mean anything with a sentence naming the variable (it was a 0 MB limit)", async () => {
    const { docsDir, indexDir } = await docsFolder({ "notes.md": "# Notes\n\nThe office opens at nine.\n" });
    const run = await runDocent(["ingest"], {
      env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir, DOCENT_MAX_TEXT_MB: "1e-9" },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Fix DOCENT_MAX_TEXT_MB: it is "1e-9" (set in the environment), and it must be a number of megabytes from 0.001 (about 1 KB) to 10000.',
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("names the smallest limit as written, never as a 0 MB limit", async () => {
    const { docsDir, indexDir } = await docsFolder({
      "long.md": `# Long\n\n${"All work and no play. ".repeat(200)}\n`,
    });
    const run = await runDocent(["ingest", "--json"], {
      env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir, DOCENT_MAX_TEXT_MB: "0.001" },
    });
    expect(run.code, run.stderr).toBe(2);
    expect(JSON.parse(run.stdout).failed).toEqual([
      {
        source: "long.md",
        reason: "the extracted text is larger than the 0.001 MB limit (DOCENT_MAX_TEXT_MB)",
      },
    ]);
  });

  it("reports a text file too long for a JavaScript string as that, with every limit raised", async () => {
    const { docsDir, indexDir } = await docsFolder({});
    await mkdir(docsDir, { recursive: true });
    // 540 MiB of text lines: more characters than V8's longest string (2^29 - 24).
    const file = await open(path.join(docsDir, "huge.txt"), "w");
    const block = Buffer.from(`${"a".repeat(1023)}\n`.repeat(1024));
    for (let written = 0; written < 540; written++) await file.write(block);
    await file.close();
    const run = await runDocent(["ingest", "--json"], {
      env: {
        DOCENT_DOCS_DIR: docsDir,
        DOCENT_INDEX_DIR: indexDir,
        DOCENT_MAX_FILE_MB: "10000",
        DOCENT_MAX_TEXT_MB: "10000",
        DOCENT_LOAD_MEMORY_MB: "8000",
        DOCENT_LOAD_TIMEOUT_S: "600",
      },
    });
    expect(JSON.parse(run.stdout).failed).toEqual([
      {
        source: "huge.txt",
        reason:
          "the text is too long for one string in JavaScript (at most 536,870,888 characters): split the file",
      },
    ]);
  }, 120_000);
});
