import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDocument } from "../../ingest/load-document.js";
import { runDocent, startDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import {
  writeBlankPagesPdf,
  writeBracketsHeadingMarkdown,
  writeSpacesTitleMarkdown,
} from "./hostile-files.js";

async function docsFolder(files: Record<string, string | Buffer>) {
  const root = await makeTempFolder();
  const docsDir = path.join(root, "docs");
  await writeFiles(docsDir, files);
  return { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: path.join(root, "index") };
}

function searchHeadings(stdout: string): string[] {
  return JSON.parse(stdout.trim()).results.map((result: { heading: string }) => result.heading);
}

describe("Markdown that made the loader's patterns backtrack (issue #11, item 3)", () => {
  it("reads a 300 KB title of spaces and a heading of 300,000 brackets (330 s before; linear now)", async () => {
    const env = await docsFolder({
      "spaces-title.md": writeSpacesTitleMarkdown(300_000),
      "brackets.md": writeBracketsHeadingMarkdown(300_000),
    });
    const run = await runDocent(["ingest", "--json"], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ added: 2, failed: [] });
    const search = await runDocent(["search", "--json", "strange heading"], { env });
    expect(searchHeadings(search.stdout)[0]).toBe("[".repeat(300_000));
  }, 60_000);

  it("keeps the meaning of titles and headings that the patterns handled", async () => {
    const spaces = await loadDocument("a.md", writeSpacesTitleMarkdown(10));
    expect(spaces.title).toBe("x");
    const quoted = await loadDocument("b.md", Buffer.from('---\ntitle: "Leave: the basics"\n---\nText.\n'));
    expect(quoted.title).toBe("Leave: the basics");
    const year = await loadDocument("c.md", Buffer.from("---\ntitle: 2024\n---\n# Heading\nText.\n"));
    expect(year.title).toBe("2024");
    const linked = await loadDocument(
      "d.md",
      Buffer.from("# See ![logo](a.png) [the **leave** page](leave.md) [not a link] {#anchor}\n\nText.\n"),
    );
    expect(linked.sections[0]?.headingPath).toEqual(["See the leave page [not a link]"]);
  });
});

describe("HTML comments (the HTML parser's comment pattern is quadratic in unclosed comments)", () => {
  it("reads a page of 300,000 unclosed comment openings (minutes before; linear now)", async () => {
    const page = `<html><body><p>Visible text.</p>${"<!--".repeat(300_000)}</body></html>`;
    const document = await loadDocument("a.html", Buffer.from(page));
    expect(document.sections.map((section) => section.text)).toEqual(["Visible text."]);
  });
});

describe("a run can always be stopped, and no file can hold it forever (issue #11, item 3)", () => {
  // 20,000 pages in one flat page tree: pdf.js looks each page up from the first, so reading takes minutes.
  const slowPdf = writeBlankPagesPdf(20_000);

  it("stops on SIGTERM while a slow file is being read", async () => {
    const env = await docsFolder({ "slow.pdf": slowPdf });
    const { child, done } = startDocent(["ingest"], {
      env: { ...env, DOCENT_MAX_PDF_PAGES: "100000", LOG_LEVEL: "info" },
    });
    let stderr = "";
    await new Promise<void>((resolve) => {
      child.stderr?.on("data", (data: Buffer) => {
        stderr += data.toString();
        // The file is being read once the scan is done; "loading" is reported after each file.
        if (stderr.includes("scanning: 1/1 done")) resolve();
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    child.kill("SIGTERM");
    const run = await done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain("The ingest was cancelled; the current index is unchanged.");
  }, 30_000);

  it("gives up on a file that takes longer than DOCENT_LOAD_TIMEOUT_S to read", async () => {
    const env = await docsFolder({ "slow.pdf": slowPdf, "good.md": "# Good\n\nA good file.\n" });
    const run = await runDocent(["ingest", "--json"], {
      env: { ...env, DOCENT_MAX_PDF_PAGES: "100000", DOCENT_LOAD_TIMEOUT_S: "2" },
    });
    expect(run.code, run.stderr).toBe(2);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({
      added: 1,
      failed: [
        {
          source: "slow.pdf",
          reason: "reading this file took longer than the 2 s limit (DOCENT_LOAD_TIMEOUT_S)",
        },
      ],
    });
  }, 30_000);
});
