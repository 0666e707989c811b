import { constants, crc32, deflateRawSync } from "node:zlib";
import { writePdf } from "../../scripts/pdf-writer.js";

/**
 * Files built to hurt an ingest: archives and streams that expand a thousandfold, page trees with thousands of
 * pages, text made to make regular expressions backtrack. Shared by the tests (small sizes) and
 * bench/hostile-ingest.ts (the sizes of issue #11).
 */

const wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/** A .docx whose word/document.xml holds about `textBytes` of text (paragraphs of 1,000 characters). */
export function writeExpandingDocx(textBytes: number): Buffer {
  const sentence = "The quarterly travel policy applies to every trip booked through the portal. ";
  const paragraphText = sentence.repeat(Math.ceil(1000 / sentence.length)).slice(0, 1000);
  const paragraph = Buffer.from(`<w:p><w:r><w:t xml:space="preserve">${paragraphText}</w:t></w:r></w:p>\n`);
  const head = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${wordNamespace}"><w:body>\n`,
  );
  const tail = Buffer.from("</w:body></w:document>");
  const paragraphs = Math.max(1, Math.ceil(textBytes / paragraphText.length));
  const documentXml = deflateRepeated(head, paragraph, paragraphs, tail);
  return writeZip([
    storedEntry("[Content_Types].xml", contentTypes),
    storedEntry("_rels/.rels", packageRelationships),
    { name: "word/document.xml", ...documentXml },
  ]);
}

/** A PDF with `pageCount` empty pages in one flat page tree (what simple PDF writers produce). */
export function writeBlankPagesPdf(pageCount: number): Buffer {
  return writePdf({ pages: Array.from({ length: pageCount }, () => []) });
}

/** A one-page PDF whose content stream inflates from a few bytes to `expandedBytes` of spaces. */
export function writeExpandingStreamPdf(expandedBytes: number): Buffer {
  const block = Buffer.alloc(1024 * 1024, " ");
  const blocks = Math.max(1, Math.ceil(expandedBytes / block.length));
  const { data } = deflateRepeated(Buffer.alloc(0), block, blocks, Buffer.alloc(0), true);
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
  ];
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n", "latin1")];
  const offsets: number[] = [];
  let length = parts[0]?.length ?? 0;
  const add = (part: Buffer) => {
    parts.push(part);
    length += part.length;
  };
  for (const [index, body] of objects.entries()) {
    offsets.push(length);
    add(Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`, "latin1"));
  }
  offsets.push(length);
  add(Buffer.from(`4 0 obj\n<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`, "latin1"));
  add(data);
  add(Buffer.from("\nendstream\nendobj\n", "latin1"));
  const xrefOffset = length;
  const entries = offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  add(
    Buffer.from(
      `xref\n0 5\n0000000000 65535 f \n${entries}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`,
      "latin1",
    ),
  );
  return Buffer.concat(parts);
}

/** Markdown whose front-matter title is `length` spaces followed by a character the title pattern refuses. */
export function writeSpacesTitleMarkdown(length: number): Buffer {
  return Buffer.from(`---\ntitle: x${" ".repeat(length)}#\n---\n\n# Heading\n\nSome text.\n`);
}

/** Markdown with a heading of `length` opening brackets. */
export function writeBracketsHeadingMarkdown(length: number): Buffer {
  return Buffer.from(`# ${"[".repeat(length)}\n\nSome text under a strange heading.\n`);
}

// --- a minimal zip writer: deflate, no data descriptors, no zip64 -------------------------------------------

interface ZipEntry {
  name: string;
  data: Buffer;
  method: 0 | 8;
  crc: number;
  size: number;
}

/**
 * Deflates head + `times` copies of block + tail without ever holding the expanded bytes: each part is deflated
 * once, ending on a byte boundary (a sync flush), and the compressed copies are concatenated, which is a valid
 * deflate stream (back-references never reach before their own copy). Instant even for gigabytes.
 */
function deflateRepeated(
  head: Buffer,
  block: Buffer,
  times: number,
  tail: Buffer,
  zlibWrapped = false,
): { data: Buffer; method: 8; crc: number; size: number } {
  const perUnit = Math.max(1, Math.floor((1 << 20) / block.length));
  const unit = Buffer.concat(Array.from({ length: perUnit }, () => block));
  const flushed = (part: Buffer) => deflateRawSync(part, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const parts: Buffer[] = [flushed(head)];
  let crc = crc32(head);
  let adler = adler32(head);
  const append = (part: Buffer, compressed: Buffer, copies: number) => {
    const partAdler = zlibWrapped && copies > 0 ? adler32(part) : 0;
    for (let copy = 0; copy < copies; copy++) {
      parts.push(compressed);
      if (zlibWrapped) adler = combineAdler32(adler, partAdler, part.length);
      else crc = crc32(part, crc);
    }
  };
  append(unit, flushed(unit), Math.floor(times / perUnit));
  append(block, flushed(block), times % perUnit);
  append(tail, flushed(tail), 1);
  parts.push(Buffer.from([0x03, 0x00])); // an empty final block
  const size = head.length + block.length * times + tail.length;
  if (!zlibWrapped) return { data: Buffer.concat(parts), method: 8, crc, size };
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler >>> 0);
  return { data: Buffer.concat([Buffer.from([0x78, 0xda]), ...parts, trailer]), method: 8, crc, size };
}

const adlerBase = 65521;

function adler32(bytes: Buffer): number {
  let low = 1;
  let high = 0;
  for (const byte of bytes) {
    low = (low + byte) % adlerBase;
    high = (high + low) % adlerBase;
  }
  return (high << 16) | low;
}

/** zlib's adler32_combine: the checksum of A then B from those of A and B and B's length. */
function combineAdler32(first: number, second: number, secondLength: number): number {
  const remainder = secondLength % adlerBase;
  let low = first & 0xffff;
  let high = (remainder * low) % adlerBase;
  low += (second & 0xffff) + adlerBase - 1;
  high += ((first >>> 16) & 0xffff) + ((second >>> 16) & 0xffff) + adlerBase - remainder;
  if (low >= adlerBase) low -= adlerBase;
  if (low >= adlerBase) low -= adlerBase;
  if (high >= 2 * adlerBase) high -= 2 * adlerBase;
  if (high >= adlerBase) high -= adlerBase;
  return (high << 16) | low;
}

function storedEntry(name: string, text: string): ZipEntry {
  const data = Buffer.from(text);
  return { name, data: deflateRawSync(data), method: 8, crc: crc32(data), size: data.length };
}

function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;

const packageRelationships = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;
