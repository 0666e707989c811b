import { inflateRawSync } from "node:zlib";
import { formatMegabytes } from "../../src/documents/file-size.js";
import { rejectFile } from "./reject-file.js";

const endOfDirectorySignature = 0x06054b50;
const directoryEntrySignature = 0x02014b50;
const localHeaderSignature = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const endRecordSearchLength = 22 + 0xffff;

/**
 * Checks that no part of a zip archive (a .docx) expands past `maxEntryBytes`, by expanding each one with its
 * output capped: the sizes an archive declares can lie, the bytes cannot. Time and memory stay within the cap per
 * part. Archives this check cannot read (no end record: not a zip at all) are left to the docx reader to refuse
 * in its own words; features a .docx never needs (zip64, encryption, other compression methods) are refused.
 */
export function checkZipEntrySizes(bytes: Buffer, maxEntryBytes: number): void {
  const end = findEndRecord(bytes);
  if (end === -1) return;
  const entryCount = bytes.readUInt16LE(end + 10);
  let position = bytes.readUInt32LE(end + 16);
  if (entryCount === 0xffff || position === 0xffffffff)
    throw rejectFile("not a valid .docx file: zip64 archive");
  for (let index = 0; index < entryCount; index++) {
    if (position + 46 > bytes.length || bytes.readUInt32LE(position) !== directoryEntrySignature) {
      throw rejectFile("not a valid .docx file: corrupt central directory");
    }
    const nameLength = bytes.readUInt16LE(position + 28);
    const entry = {
      name: bytes.toString("utf8", position + 46, position + 46 + nameLength),
      flags: bytes.readUInt16LE(position + 8),
      method: bytes.readUInt16LE(position + 10),
      compressedSize: bytes.readUInt32LE(position + 20),
      size: bytes.readUInt32LE(position + 24),
      localHeader: bytes.readUInt32LE(position + 42),
    };
    checkEntry(bytes, entry, maxEntryBytes);
    position += 46 + nameLength + bytes.readUInt16LE(position + 30) + bytes.readUInt16LE(position + 32);
  }
}

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

function checkEntry(bytes: Buffer, entry: ZipEntry, maxEntryBytes: number): void {
  const tooLarge = () =>
    rejectFile(
      `${entry.name} expands to more than the ${formatMegabytes(maxEntryBytes)} MB limit for one part of an archive (DOCENT_MAX_ZIP_ENTRY_MB)`,
    );
  if ((entry.flags & 1) !== 0) throw rejectFile("the .docx is encrypted (password-protected)");
  if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localHeader === 0xffffffff) {
    throw rejectFile("not a valid .docx file: zip64 archive");
  }
  const local = entry.localHeader;
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== localHeaderSignature) {
    throw rejectFile(`not a valid .docx file: corrupt entry ${entry.name}`);
  }
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (data.length > maxEntryBytes) throw tooLarge();
    return;
  }
  if (entry.method !== 8)
    throw rejectFile(`not a valid .docx file: ${entry.name} uses compression method ${entry.method}`);
  try {
    inflateRawSync(data, { maxOutputLength: maxEntryBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
    throw rejectFile(`not a valid .docx file: ${entry.name} is corrupt`, error);
  }
}

function findEndRecord(bytes: Buffer): number {
  const lowest = Math.max(0, bytes.length - endRecordSearchLength);
  for (let position = bytes.length - 22; position >= lowest; position--) {
    if (bytes.readUInt32LE(position) === endOfDirectorySignature) return position;
  }
  return -1;
}
