/**
 * A small, dependency-free, deterministic PDF writer for sample documents and tests: Helvetica text, one line per
 * string, pages of lines. `encrypted: true` adds a standard-security-handler /Encrypt dictionary whose password is
 * unknown, so readers ask for one (the content is not actually encrypted: it is a fixture, not a secret).
 */

export interface PdfOptions {
  title?: string;
  /** Lines per page. */
  pages: string[][];
  encrypted?: boolean;
}

const pageWidth = 612;
const pageHeight = 792;
const fontSize = 11;
const lineHeight = 14;
const margin = 72;

/** Unicode code points that WinAnsiEncoding places in 0x80-0x9f. Latin-1 (0xa0-0xff) maps to itself. */
const winAnsiExtras: ReadonlyMap<number, number> = new Map([
  [0x20ac, 0x80],
  [0x201a, 0x82],
  [0x0192, 0x83],
  [0x201e, 0x84],
  [0x2026, 0x85],
  [0x2020, 0x86],
  [0x2021, 0x87],
  [0x02c6, 0x88],
  [0x2030, 0x89],
  [0x0160, 0x8a],
  [0x2039, 0x8b],
  [0x0152, 0x8c],
  [0x017d, 0x8e],
  [0x2018, 0x91],
  [0x2019, 0x92],
  [0x201c, 0x93],
  [0x201d, 0x94],
  [0x2022, 0x95],
  [0x2013, 0x96],
  [0x2014, 0x97],
  [0x02dc, 0x98],
  [0x2122, 0x99],
  [0x0161, 0x9a],
  [0x203a, 0x9b],
  [0x0153, 0x9c],
  [0x017e, 0x9e],
  [0x0178, 0x9f],
]);

/** One WinAnsi byte per character ("?" where WinAnsi has no such character), as a latin1 string. */
function encodeWinAnsi(text: string): string {
  let encoded = "";
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0x3f;
    const byte =
      (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff)
        ? code
        : (winAnsiExtras.get(code) ?? 0x3f);
    encoded += String.fromCharCode(byte);
  }
  return encoded;
}

function escapeLiteral(text: string): string {
  return text.replace(/[()\\]/g, (character) => `\\${character}`);
}

/** A text string for the Info dictionary: plain ASCII as a literal, anything else as UTF-16BE with a BOM. */
function encodeTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${escapeLiteral(text)})`;
  let hex = "FEFF";
  for (let index = 0; index < text.length; index++) {
    hex += text.charCodeAt(index).toString(16).padStart(4, "0").toUpperCase();
  }
  return `<${hex}>`;
}

function buildContentStream(lines: string[]): string {
  const operations = [`BT /F1 ${fontSize} Tf ${lineHeight} TL ${margin} ${pageHeight - margin} Td`];
  for (const line of lines) operations.push(`(${escapeLiteral(encodeWinAnsi(line))}) Tj T*`);
  operations.push("ET");
  return operations.join("\n");
}

/** Fixed 32-byte strings: a password check against them always fails, which is the point. */
const fixedOwnerHash = "4f".repeat(32);
const fixedUserHash = "55".repeat(32);
const fixedFileId = "0123456789abcdef0123456789abcdef";

export function writePdf(options: PdfOptions): Buffer {
  const pages = options.pages.length > 0 ? options.pages : [[]];
  const bodies: string[] = [];
  const fontObject = 3;
  const infoObject = 4;
  const firstPageObject = 5;
  const pageObjects = pages.map((_, index) => firstPageObject + index * 2);

  bodies.push("<< /Type /Catalog /Pages 2 0 R >>");
  bodies.push(
    `<< /Type /Pages /Kids [${pageObjects.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`,
  );
  bodies.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  bodies.push(
    `<< /Producer (docent pdf-writer)${options.title === undefined ? "" : ` /Title ${encodeTextString(options.title)}`} >>`,
  );
  for (const [index, lines] of pages.entries()) {
    const contentObject = (pageObjects[index] ?? 0) + 1;
    bodies.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pageWidth} ${pageHeight}] ` +
        `/Resources << /Font << /F1 ${fontObject} 0 R >> >> /Contents ${contentObject} 0 R >>`,
    );
    const stream = buildContentStream(lines);
    bodies.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  }
  let encryptObject: number | undefined;
  if (options.encrypted === true) {
    bodies.push(`<< /Filter /Standard /V 1 /R 2 /O <${fixedOwnerHash}> /U <${fixedUserHash}> /P -44 >>`);
    encryptObject = bodies.length;
  }

  let output = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  for (const [index, body] of bodies.entries()) {
    offsets.push(output.length);
    output += `${index + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xrefOffset = output.length;
  output += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) output += `${String(offset).padStart(10, "0")} 00000 n \n`;
  const encryptEntries =
    encryptObject === undefined
      ? ""
      : ` /Encrypt ${encryptObject} 0 R /ID [<${fixedFileId}> <${fixedFileId}>]`;
  output += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R /Info ${infoObject} 0 R${encryptEntries} >>\n`;
  output += `startxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(output, "latin1");
}
