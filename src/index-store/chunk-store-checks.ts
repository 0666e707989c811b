import { runsThrough } from "../retrieval/typed-array-file.js";
import { type ChunkStoreData, recordFields } from "./chunk-store-data.js";

/**
 * The consistency of a decoded chunk store: every offset table runs from 0 to the end of its bytes without going
 * back, every reference points inside its table, and labels and records point at each other. Returns what is
 * wrong, or null. Linear in the size of the tables (not of the texts).
 */
export function checkChunkStore(data: ChunkStoreData, chunkCount: number): string | null {
  const { records, pieceOffsets, pieceBytes, strings, pathOffsets, pathStrings, labelRecords, labelCount } =
    data;
  if (records.length !== chunkCount * recordFields) return "record count differs from the header";
  if (labelRecords.length !== labelCount) return "label table size differs from the header";
  if (pieceOffsets.length !== chunkCount * 3 + 1) return "text table size differs from the header";
  if (!runsThrough(pieceOffsets, pieceBytes.length)) return "text offsets out of bounds";
  if (!runsThrough(strings.offsets, strings.bytes.length)) return "string offsets out of bounds";
  if (!runsThrough(pathOffsets, pathStrings.length)) return "heading path offsets out of bounds";
  const stringCount = strings.offsets.length - 1;
  const pathCount = pathOffsets.length - 1;
  for (const id of pathStrings) if (id >= stringCount) return "heading string out of bounds";
  for (let record = 0; record < chunkCount; record++) {
    const at = record * recordFields;
    const label = records[at] as number;
    if (label >= labelCount || labelRecords[label] !== record) return `record ${record} has a bad label`;
    for (let field = 1; field <= 3; field++) {
      if ((records[at + field] as number) >= stringCount) return `record ${record} names a missing string`;
    }
    if ((records[at + 4] as number) >= pathCount) return `record ${record} names a missing heading path`;
  }
  let used = 0;
  for (const record of labelRecords) {
    if (record === -1) continue;
    if (record < 0 || record >= chunkCount) return "label table points outside the records";
    used++;
  }
  return used === chunkCount ? null : "label table and records disagree";
}
