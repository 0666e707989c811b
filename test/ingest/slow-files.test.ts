import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDocument } from "../../ingest/load-document.js";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { writeBracketsHeadingMarkdown, writeSpacesTitleMarkdown } from "./hostile-files.js";

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
