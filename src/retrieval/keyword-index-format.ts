import { DocentError } from "../errors.js";
import { crc32 } from "./crc32.js";
import { damaged, type IndexFileNaming } from "./index-file.js";
import { checkKeywordIndex } from "./keyword-index-checks.js";
import type { TermTable } from "./term-table.js";
import {
  type ArrayKind,
  type ArrayLayout,
  declaredLength,
  decodeArrays,
  encodeArrays,
  type TypedArray,
} from "./typed-array-file.js";

/** Everything a keyword index holds; each array is stored as-is in the saved file. */
export interface KeywordIndexData {
  k1: number;
  b: number;
  labels: Float64Array;
  docLengths: Uint32Array;
  terms: TermTable;
  /** Term id i has postings postingStarts[i] .. postingStarts[i + 1]. */
  postingStarts: Uint32Array;
  postingDocs: Uint32Array;
  postingCounts: Uint16Array;
}

/*
 * Layout (little-endian): magic "DOCENT-BM25", format version, k1, b, then the length of each array, then (format 2)
 * the checksum of everything after the header, then the arrays in the order below, each starting on an 8-byte
 * boundary so that loading makes views, not copies. Format 1 (no checksum) is still read, checked for consistency.
 */
const magic = "DOCENT-BM25";
const formatVersion = 2;
const checksumAt = 64;
const layouts: Record<number, ArrayLayout> = {
  1: { headerBytes: 64, lengthsAt: 32 },
  2: { headerBytes: 72, lengthsAt: 32 },
};
const currentLayout = layouts[formatVersion] as ArrayLayout;

function listArrays(data: KeywordIndexData): TypedArray[] {
  const { labels, docLengths, terms, postingStarts, postingDocs, postingCounts } = data;
  return [
    labels,
    docLengths,
    terms.bytes,
    terms.offsets,
    terms.slots,
    postingStarts,
    postingDocs,
    postingCounts,
  ];
}

const arrayKinds: ArrayKind[] = [
  Float64Array,
  Uint32Array,
  Uint8Array,
  Uint32Array,
  Int32Array,
  Uint32Array,
  Uint32Array,
  Uint16Array,
];

export function encodeKeywordIndex(data: KeywordIndexData): Buffer {
  const buffer = encodeArrays(currentLayout, listArrays(data));
  buffer.write(magic, 0, "latin1");
  buffer.writeUInt32LE(formatVersion, 12);
  buffer.writeDoubleLE(data.k1, 16);
  buffer.writeDoubleLE(data.b, 24);
  buffer.writeUInt32LE(crc32(buffer.subarray(currentLayout.headerBytes)), checksumAt);
  return buffer;
}

/** The most bytes a header can need before the file's length is known (the longest layout's). */
export const keywordHeaderBytes = currentLayout.headerBytes;

/** The length of the file whose first keywordHeaderBytes are `header`; throws when the header is not one. */
export function declaredKeywordFileLength(header: Buffer, naming: IndexFileNaming): number {
  return declaredLength(header, checkHeader(header, naming), arrayKinds);
}

const defaultNaming: IndexFileNaming = {
  what: "The keyword index",
  fix: "Run `docent ingest` to rebuild the index.",
};

/**
 * Reads a keyword index written by encodeKeywordIndex and checks it all before use: the checksum (unless `verified`:
 * the caller has matched the whole file against the CRC-32 its manifest recorded), then that every table is
 * consistent (keyword-index-checks.ts), so that no search can loop or read outside its arrays.
 */
export function decodeKeywordIndex(
  input: Buffer,
  naming: IndexFileNaming = defaultNaming,
  verified = false,
): KeywordIndexData {
  const layout = checkHeader(input, naming);
  const { buffer, arrays, exact } = decodeArrays(input, layout, arrayKinds, () =>
    damaged(naming, "truncated"),
  );
  if (!exact) throw damaged(naming, "its length does not match its header");
  if (
    !verified &&
    layout === currentLayout &&
    crc32(buffer.subarray(layout.headerBytes)) !== buffer.readUInt32LE(checksumAt)
  ) {
    throw damaged(naming, "checksum mismatch");
  }
  const [labels, docLengths, bytes, offsets, slots, postingStarts, postingDocs, postingCounts] = arrays;
  const data: KeywordIndexData = {
    k1: buffer.readDoubleLE(16),
    b: buffer.readDoubleLE(24),
    labels: labels as Float64Array,
    docLengths: docLengths as Uint32Array,
    terms: { bytes: bytes as Uint8Array, offsets: offsets as Uint32Array, slots: slots as Int32Array },
    postingStarts: postingStarts as Uint32Array,
    postingDocs: postingDocs as Uint32Array,
    postingCounts: postingCounts as Uint16Array,
  };
  const problem = checkKeywordIndex(data, verified);
  if (problem !== null) throw damaged(naming, problem);
  return data;
}

/** The layout of the file's format, after checking its magic and version. */
function checkHeader(input: Buffer, naming: IndexFileNaming): ArrayLayout {
  const shortest = layouts[1]?.headerBytes ?? 64;
  if (input.length < shortest || input.toString("latin1", 0, magic.length) !== magic) {
    throw damaged(
      naming,
      input.length < shortest ? "shorter than its header" : "not a keyword index: bad magic",
    );
  }
  const version = input.readUInt32LE(12);
  const layout = layouts[version];
  if (layout === undefined) {
    throw new DocentError(
      "INDEX_INCOMPATIBLE",
      `${naming.what} has format ${version}; this docent reads formats 1 and ${formatVersion}. ` +
        "Run `docent ingest --rebuild` with this version (or use the docent that wrote it).",
    );
  }
  if (input.length < layout.headerBytes) throw damaged(naming, "shorter than its header");
  return layout;
}
