import { DocentError } from "../errors.js";
import type { TermTable } from "./term-table.js";
import { type ArrayKind, decodeArrays, encodeArrays, type TypedArray } from "./typed-array-file.js";

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
 * Layout (little-endian): magic "DOCENT-BM25", format version, k1, b, then the length of each array, then the
 * arrays in the order below, each starting on an 8-byte boundary so that loading makes views, not copies.
 */
const magic = "DOCENT-BM25";
const formatVersion = 1;
const headerBytes = 64;

const layout = { headerBytes, lengthsAt: 32 };

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
  const buffer = encodeArrays(layout, listArrays(data));
  buffer.write(magic, 0, "latin1");
  buffer.writeUInt32LE(formatVersion, 12);
  buffer.writeDoubleLE(data.k1, 16);
  buffer.writeDoubleLE(data.b, 24);
  return buffer;
}

export function decodeKeywordIndex(input: Buffer): KeywordIndexData {
  if (input.length < headerBytes || input.toString("latin1", 0, magic.length) !== magic) {
    throw new DocentError(
      "INDEX_CORRUPT",
      "Not a keyword index file (bad magic); rebuild it with `docent ingest --rebuild`.",
    );
  }
  const version = input.readUInt32LE(12);
  if (version !== formatVersion) {
    throw new DocentError(
      "INDEX_INCOMPATIBLE",
      `Keyword index format ${version} is not supported (expected ${formatVersion}); run \`docent ingest --rebuild\`.`,
    );
  }
  const { buffer, arrays } = decodeArrays(
    input,
    layout,
    arrayKinds,
    () => new DocentError("INDEX_CORRUPT", "Keyword index file is truncated; run `docent ingest --rebuild`."),
  );
  const [labels, docLengths, bytes, offsets, slots, postingStarts, postingDocs, postingCounts] = arrays;
  return {
    k1: buffer.readDoubleLE(16),
    b: buffer.readDoubleLE(24),
    labels: labels as Float64Array,
    docLengths: docLengths as Uint32Array,
    terms: { bytes: bytes as Uint8Array, offsets: offsets as Uint32Array, slots: slots as Int32Array },
    postingStarts: postingStarts as Uint32Array,
    postingDocs: postingDocs as Uint32Array,
    postingCounts: postingCounts as Uint16Array,
  };
}
