import { DocentError } from "../errors.js";
import { damaged, rebuildAdvice } from "../retrieval/index-file.js";
import {
  type ArrayKind,
  declaredLength,
  decodeArrays,
  encodeArrays,
  type TypedArray,
} from "../retrieval/typed-array-file.js";
import { checkChunkStore } from "./chunk-store-checks.js";
import {
  asciiHead,
  asciiText,
  type ChunkStoreData,
  type IndexedChunk,
  noPage,
  recordFields,
} from "./chunk-store-data.js";
import { buildStringTable } from "./string-table.js";

/*
 * Layout (little-endian): magic "DOCENT-CHUNKS", format version, chunk count, label count, the checksum of
 * everything after the header, then the length of each array, then the arrays in the order below, each starting
 * on an 8-byte boundary so that reading makes views, not copies.
 */
const magic = "DOCENT-CHUNKS";
export const chunkStoreFormatVersion = 1;
const headerBytes = 64;
const lengthsAt = 32;

const layout = { headerBytes, lengthsAt };

const arrayKinds: ArrayKind[] = [
  Uint32Array,
  Uint32Array,
  Uint8Array,
  Uint32Array,
  Uint8Array,
  Uint32Array,
  Uint32Array,
  Int32Array,
];

function listArrays(data: ChunkStoreData): TypedArray[] {
  const { records, pieceOffsets, pieceBytes, strings, pathOffsets, pathStrings, labelRecords } = data;
  return [
    records,
    pieceOffsets,
    pieceBytes,
    strings.offsets,
    strings.bytes,
    pathOffsets,
    pathStrings,
    labelRecords,
  ];
}

/** Lays out chunks (kept in the order given) for a generation whose vector index has labelCount slots. */
export function buildChunkStoreData(chunks: readonly IndexedChunk[], labelCount: number): ChunkStoreData {
  const strings = buildStringTable();
  const paths = new Map<string, number>();
  const pathList: number[][] = [];
  const records = new Uint32Array(chunks.length * recordFields);
  const pieces: string[] = [];
  const labelRecords = new Int32Array(labelCount).fill(-1);
  chunks.forEach((chunk, index) => {
    const ids = chunk.headingPath.map((heading) => strings.add(heading));
    const pathKey = ids.join(",");
    let pathId = paths.get(pathKey);
    if (pathId === undefined) {
      pathId = pathList.push(ids) - 1;
      paths.set(pathKey, pathId);
    }
    if (!isSlot(chunk.label, labelCount) || (labelRecords[chunk.label] ?? -1) !== -1) {
      throw new DocentError("INTERNAL", `Chunk ${chunk.id} has a bad or repeated label ${chunk.label}`);
    }
    labelRecords[chunk.label] = index;
    records.set(
      [
        chunk.label,
        strings.add(chunk.source),
        strings.add(chunk.scope),
        strings.add(chunk.title),
        pathId,
        chunk.page === null ? noPage : checkedNumber(chunk.page, chunk.id),
        checkedNumber(chunk.position, chunk.id),
        (isAscii(chunk.id) && isAscii(chunk.contentHash) ? asciiHead : 0) |
          (isAscii(chunk.text) ? asciiText : 0),
      ],
      index * recordFields,
    );
    pieces.push(chunk.id, chunk.contentHash, chunk.text);
  });
  const [pieceOffsets, pieceBytes] = joinUtf8(pieces);
  const pathOffsets = new Uint32Array(pathList.length + 1);
  pathList.forEach((ids, index) => {
    pathOffsets[index + 1] = (pathOffsets[index] ?? 0) + ids.length;
  });
  const pathStrings = Uint32Array.from(pathList.flat());
  return {
    labelCount,
    records,
    pieceOffsets,
    pieceBytes,
    strings: strings.finish(),
    pathOffsets,
    pathStrings,
    labelRecords,
  };
}

export function encodeChunkStore(data: ChunkStoreData): Buffer {
  const buffer = encodeArrays(layout, listArrays(data));
  buffer.write(magic, 0, "latin1");
  buffer.writeUInt32LE(chunkStoreFormatVersion, 16);
  buffer.writeUInt32LE(data.records.length / recordFields, 20);
  buffer.writeUInt32LE(data.labelCount, 24);
  buffer.writeUInt32LE(checksum(buffer), 28);
  return buffer;
}

/** The first bytes of a chunk store: enough to know its length (declaredChunkStoreLength). */
export const chunkStoreHeaderBytes = headerBytes;

/** The length of the chunk store whose header is `header`; throws what is wrong when it is not a chunk store's. */
export function declaredChunkStoreLength(header: Buffer, file: string): number {
  checkHeader(header, file);
  return declaredLength(header, layout, arrayKinds);
}

/**
 * Reads a chunk store written by encodeChunkStore; `file` names it in errors. Checks it all before use: its own
 * checksum (unless `verified`: the caller has matched the whole file against the CRC-32 its manifest recorded,
 * which covers the same bytes and the header too), then the consistency of every table.
 */
export function decodeChunkStore(input: Buffer, file: string, verified = false): ChunkStoreData {
  const corrupt = (what: string) => damaged({ what: `The chunk store ${file}`, fix: rebuildAdvice }, what);
  checkHeader(input, file);
  const { buffer, arrays, exact } = decodeArrays(input, layout, arrayKinds, () => corrupt("truncated"));
  if (!exact) throw corrupt("its length does not match its header");
  if (!verified && checksum(buffer) !== buffer.readUInt32LE(28)) throw corrupt("checksum mismatch");
  const [
    records,
    pieceOffsets,
    pieceBytes,
    stringOffsets,
    stringBytes,
    pathOffsets,
    pathStrings,
    labelRecords,
  ] = arrays;
  const data: ChunkStoreData = {
    labelCount: buffer.readUInt32LE(24),
    records: records as Uint32Array,
    pieceOffsets: pieceOffsets as Uint32Array,
    pieceBytes: pieceBytes as Uint8Array,
    strings: { offsets: stringOffsets as Uint32Array, bytes: stringBytes as Uint8Array },
    pathOffsets: pathOffsets as Uint32Array,
    pathStrings: pathStrings as Uint32Array,
    labelRecords: labelRecords as Int32Array,
  };
  const problem = checkChunkStore(data, buffer.readUInt32LE(20));
  if (problem !== null) throw corrupt(problem);
  return data;
}

function checkHeader(input: Buffer, file: string): void {
  if (input.length < headerBytes || input.toString("latin1", 0, magic.length) !== magic) {
    const problem = input.length < headerBytes ? "shorter than its header" : "not a chunk store: bad magic";
    throw damaged({ what: `The chunk store ${file}`, fix: rebuildAdvice }, problem);
  }
  const version = input.readUInt32LE(16);
  if (version !== chunkStoreFormatVersion) {
    throw new DocentError(
      "INDEX_INCOMPATIBLE",
      `The chunk store ${file} has format ${version}; this docent reads format ${chunkStoreFormatVersion}. ` +
        "Run `docent ingest --rebuild` with this version (or use the docent that wrote it).",
    );
  }
}

/**
 * FNV-1a over the 32-bit words after the header, in four interleaved lanes (independent multiply chains run
 * about four times faster than one). Catches truncation, torn writes and flipped bits; not a defence against
 * tampering.
 */
function checksum(buffer: Buffer): number {
  const words = new Uint32Array(
    buffer.buffer,
    buffer.byteOffset + headerBytes,
    (buffer.length - headerBytes) / 4,
  );
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  let c = 0x1b873593;
  let d = 0x2c1b3c6d;
  const whole = words.length - (words.length % 4);
  for (let index = 0; index < whole; index += 4) {
    a = Math.imul(a ^ (words[index] as number), 0x01000193);
    b = Math.imul(b ^ (words[index + 1] as number), 0x01000193);
    c = Math.imul(c ^ (words[index + 2] as number), 0x01000193);
    d = Math.imul(d ^ (words[index + 3] as number), 0x01000193);
  }
  for (let index = whole; index < words.length; index++)
    a = Math.imul(a ^ (words[index] as number), 0x01000193);
  return (Math.imul(a, 31) ^ Math.imul(b, 37) ^ Math.imul(c, 41) ^ d) >>> 0;
}

/** The UTF-8 bytes of the pieces back to back, written straight into one buffer, and their offsets. */
function joinUtf8(pieces: readonly string[]): [Uint32Array, Uint8Array] {
  const offsets = new Uint32Array(pieces.length + 1);
  let total = 0;
  pieces.forEach((piece, index) => {
    total += Buffer.byteLength(piece, "utf8");
    offsets[index + 1] = total;
  });
  if (total > 0xffffffff) {
    throw new DocentError("INGEST_FAILED", "The chunk texts pass 4 GiB, the most one chunk store holds");
  }
  const bytes = Buffer.allocUnsafe(total);
  for (const [index, piece] of pieces.entries()) bytes.write(piece, offsets[index] as number, "utf8");
  return [offsets, bytes];
}

function isAscii(text: string): boolean {
  return Buffer.byteLength(text, "utf8") === text.length;
}

function isSlot(label: number, labelCount: number): boolean {
  return Number.isInteger(label) && label >= 0 && label < labelCount;
}

function checkedNumber(value: number, chunkId: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= noPage) {
    throw new DocentError(
      "INTERNAL",
      `Chunk ${chunkId} has a page or position (${value}) that cannot be stored`,
    );
  }
  return value;
}
