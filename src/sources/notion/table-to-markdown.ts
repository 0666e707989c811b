import type { TableBlockObjectResponse } from "@notionhq/client";
import type { BlockNode } from "./read-blocks.js";
import { richTextToMarkdown } from "./rich-text.js";

/**
 * A Notion table (a table block whose children are table_row blocks) as a Markdown table. Its first row is the
 * header when the table has a column header; otherwise the header is left empty, as Markdown needs one. A cell's
 * pipes are escaped and its line breaks become spaces, so that a cell never breaks the table.
 */
export function tableToMarkdown(table: TableBlockObjectResponse, rows: readonly BlockNode[]): string {
  const cells = rows
    .map((row) => row.block)
    .filter((block) => block.type === "table_row")
    .map((block) => block.table_row.cells.map((cell) => cellText(richTextToMarkdown(cell))));
  if (cells.length === 0) return "";
  const width = Math.max(table.table.table_width || 0, ...cells.map((row) => row.length));
  const header = table.table.has_column_header ? (cells.shift() ?? []) : [];
  const lines = [
    line(header, width),
    line(Array(width).fill("---"), width),
    ...cells.map((row) => line(row, width)),
  ];
  return lines.join("\n");
}

function cellText(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();
}

function line(cells: readonly string[], width: number): string {
  const padded = Array.from({ length: width }, (_, index) => cells[index] ?? "");
  return `| ${padded.join(" | ")} |`;
}
