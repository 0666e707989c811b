import { describe, expect, it } from "vitest";
import { loadDocument } from "../../../ingest/load-document.js";
import { csvToMarkdownTable } from "../../../src/sources/google-drive/csv-table.js";

describe("a Sheet's CSV export as a Markdown table", () => {
  it("keeps quoted commas, quotes, line breaks and pipes inside their cells, and pads short rows", async () => {
    const csv =
      '\uFEFFTool,Owner,Notes\n"VPN","Ana ""Ops"" Lee","line one\nline two"\nWiki,Bo,a | b\nPager\n,,\n';
    const table = csvToMarkdownTable(csv);
    expect(table).toBe(
      [
        "| Tool | Owner | Notes |",
        "| --- | --- | --- |",
        '| VPN | Ana "Ops" Lee | line one line two |',
        "| Wiki | Bo | a \\| b |",
        "| Pager |  |  |",
        "",
      ].join("\n"),
    );
    const loaded = await loadDocument("rooms", Buffer.from(table), undefined, "text/markdown");
    expect(loaded.sections.map((section) => section.text).join("\n")).toContain('Ana "Ops" Lee');
  });

  it("gives nothing for an empty sheet, which the loader then reports as empty", () => {
    expect(csvToMarkdownTable("")).toBe("");
    expect(csvToMarkdownTable(",,\r\n,,\r\n")).toBe("");
  });
});
