/**
 * A spreadsheet's CSV export (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) as a Markdown
 * table whose first row is the header, so that the Markdown loader keeps rows and columns together. Blank trailing
 * rows are dropped; a cell's line breaks become spaces and its pipes are escaped.
 */
export function csvToMarkdownTable(csv: string): string {
  const rows = parseCsv(csv.replace(/^\uFEFF/, "")).filter((row) => row.some((cell) => cell.trim() !== ""));
  const [header, ...body] = rows;
  if (header === undefined) return "";
  const width = Math.max(...rows.map((row) => row.length));
  const line = (row: string[]) =>
    `| ${Array.from({ length: width }, (_, index) => cellText(row[index] ?? "")).join(" | ")} |`;
  return `${[line(header), `|${" --- |".repeat(width)}`, ...body.map(line)].join("\n")}\n`;
}

function cellText(cell: string): string {
  return cell
    .replace(/\r?\n|\r/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}
