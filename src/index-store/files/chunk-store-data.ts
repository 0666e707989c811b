import type { Chunk } from "../../documents/chunk.js";
import type { StringTable } from "./string-table.js";

/** A chunk as stored in a generation: the chunk plus its slot in the vector index. */
export interface IndexedChunk extends Chunk {
  label: number;
}

/**
 * Everything chunks.bin holds, as typed arrays (views over the file when read). Chunk i (in write order) is
 * records[i * recordFields ..]: label, source, scope, title (string ids), heading path id, page (noPage for
 * null), position, flags (asciiHead, asciiText: which pieces are plain ASCII, decoded faster). Its id, content hash and text are pieces 3i, 3i + 1 and 3i + 2 of pieceBytes.
 */
export interface ChunkStoreData {
  labelCount: number;
  records: Uint32Array;
  /** Piece p is pieceBytes[pieceOffsets[p] .. pieceOffsets[p + 1]] (UTF-8). */
  pieceOffsets: Uint32Array;
  pieceBytes: Uint8Array;
  /** Source, scope, title and heading strings, each stored once. */
  strings: StringTable;
  /** Heading path h is the string ids pathStrings[pathOffsets[h] .. pathOffsets[h + 1]]. */
  pathOffsets: Uint32Array;
  pathStrings: Uint32Array;
  /** The record of each label, or -1 for a deleted slot. */
  labelRecords: Int32Array;
}

export const recordFields = 8;
export const noPage = 0xffffffff;
/** Flag: the chunk's id and content hash are ASCII. */
export const asciiHead = 1;
/** Flag: the chunk's text is ASCII. */
export const asciiText = 2;
