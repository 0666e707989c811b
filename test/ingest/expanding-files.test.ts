import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writePdf } from "../../scripts/pdf-writer.js";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { writeExpandingDocx, writeExpandingStreamPdf } from "./hostile-files.js";

const goodFile = { "good.md": "# Good\n\nThe quarterly offsite is in Lisbon this year.\n" };

/** Runs `docent ingest --json` over the files and returns its exit code and each failed file's reason. */
async function ingestFiles(files: Record<string, string | Buffer>, settings: Record<string, string> = {}) {
  const root = await makeTempFolder();
  const docsDir = path.join(root, "docs");
  const indexDir = path.join(root, "index");
  await writeFiles(docsDir, { ...goodFile, ...files });
  const run = await runDocent(["ingest", "--json"], {
    env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir, ...settings },
  });
  const summary = run.stdout.trim() === "" ? null : JSON.parse(run.stdout.trim());
  const reasons: Record<string, string> = Object.fromEntries(
    (summary?.failed ?? []).map((problem: { source: string; reason: string }) => [
      problem.source,
      problem.reason,
    ]),
  );
  return { run, summary, reasons, indexDir };
}

describe("files whose text expands far beyond their size (issue #11, items 1 and 2)", () => {
  it("refuses a .docx whose document part inflates past DOCENT_MAX_ZIP_ENTRY_MB, and indexes the rest", async () => {
    // 40 MiB of text in a 190 KB file: over the default 25 MB entry limit.
    const { run, summary, reasons, indexDir } = await ingestFiles({
      "bomb.docx": writeExpandingDocx(40 * 2 ** 20),
    });
    expect(run.code, run.stderr).toBe(2);
    expect(reasons["bomb.docx"]).toBe(
      "word/document.xml expands to more than the 25 MB limit for one part of an archive (DOCENT_MAX_ZIP_ENTRY_MB)",
    );
    expect(summary).toMatchObject({ added: 1 });
    expect(await readdir(indexDir)).not.toContain("ingest.lock");
  }, 60_000);

  it("refuses a file whose extracted text is over DOCENT_MAX_TEXT_MB, whatever its format", async () => {
    const { run, reasons, summary } = await ingestFiles(
      {
        "long.docx": writeExpandingDocx(3 * 2 ** 20),
        "long.txt": "A line of text that repeats in a long file.\n".repeat(40_000),
        "short.docx": writeExpandingDocx(200_000),
      },
      { DOCENT_MAX_TEXT_MB: "1" },
    );
    expect(run.code, run.stderr).toBe(2);
    const reason = "the extracted text is larger than the 1 MB limit (DOCENT_MAX_TEXT_MB)";
    expect(reasons).toEqual({ "long.docx": reason, "long.txt": reason });
    expect(summary).toMatchObject({ added: 2 });
  }, 60_000);

  it("refuses a PDF with more pages than DOCENT_MAX_PDF_PAGES", async () => {
    const pages = Array.from({ length: 1_500 }, (_, index) => [`Page ${index + 1} of the travel guide.`]);
    const { run, reasons } = await ingestFiles(
      { "guide.pdf": writePdf({ pages }) },
      { DOCENT_MAX_PDF_PAGES: "1000" },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(reasons["guide.pdf"]).toBe(
      "the PDF has 1500 pages, more than the 1000-page limit (DOCENT_MAX_PDF_PAGES)",
    );
  }, 60_000);

  it("stops reading a PDF whose stream inflates past DOCENT_LOAD_MEMORY_MB, and indexes the rest", async () => {
    // A 1 MB PDF whose one content stream inflates to 1 GiB.
    const { run, reasons, summary } = await ingestFiles(
      { "bomb.pdf": writeExpandingStreamPdf(2 ** 30) },
      { DOCENT_LOAD_MEMORY_MB: "256" },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(reasons["bomb.pdf"]).toBe(
      "reading this file needs more than the 256 MB memory limit (DOCENT_LOAD_MEMORY_MB)",
    );
    expect(summary).toMatchObject({ added: 1 });
  }, 60_000);
});
