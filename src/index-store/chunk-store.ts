import { constants } from "node:buffer";
import { DocentError } from "../errors.js";
import { type FileRecord, readIndexFile, rebuildAdvice } from "../retrieval/index-file.js";
import {
  asciiHead,
  asciiText,
  type ChunkStoreData,
  type IndexedChunk,
  noPage,
  recordFields,
} from "./chunk-store-data.js";
import {
  buildChunkStoreData,
  chunkStoreHeaderBytes,
  declaredChunkStoreLength,
  decodeChunkStore,
} from "./chunk-store-format.js";
import { type GenerationFiles, generationFiles } from "./index-paths.js";
import { readStringTable } from "./string-table.js";

/** chunks.bin, or chunks.json in a generation written before it (read, converted in memory on open). */
export type ChunkStoreFormat = "chunks.bin" | "chunks.json";

/**
 * The chunks of a generation, held as the typed arrays of chunks.bin (one buffer, no object per chunk). A chunk
 * becomes an object only when asked for, by label (chunkAt) or all at once (readAll, for an ingest).
 */
export class ChunkStore {
  readonly count: number;
  private readonly pieces: Buffer;
  private readonly string: (id: number) => string;

  constructor(
    private readonly data: ChunkStoreData,
    readonly format: ChunkStoreFormat,
  ) {
    this.count = data.records.length / recordFields;
    const { pieceBytes } = data;
    this.pieces = Buffer.from(pieceBytes.buffer, pieceBytes.byteOffset, pieceBytes.byteLength);
    this.string = readStringTable(data.strings);
  }

  /** Slots in the vector index, deleted ones included. */
  get labelCount(): number {
    return this.data.labelCount;
  }

  chunkAt(label: number): IndexedChunk | undefined {
    const record = this.data.labelRecords[label] ?? -1;
    return record === -1 ? undefined : this.chunkOfRecord(record);
  }

  /** Every chunk, in the order they were written (by source, then position). */
  readAll(): IndexedChunk[] {
    return Array.from({ length: this.count }, (_, record) => this.chunkOfRecord(record));
  }

  /** The labels of the chunks whose scope is one of `scopes`, in write order. */
  labelsInScopes(scopes: ReadonlySet<string>): number[] {
    const { records } = this.data;
    const inScope = new Map<number, boolean>();
    const labels: number[] = [];
    for (let at = 0; at < records.length; at += recordFields) {
      const scopeId = records[at + 2] as number;
      let allowed = inScope.get(scopeId);
      if (allowed === undefined) {
        allowed = scopes.has(this.string(scopeId));
        inScope.set(scopeId, allowed);
      }
      if (allowed) labels.push(records[at] as number);
    }
    return labels;
  }

  private chunkOfRecord(record: number): IndexedChunk {
    const { records, pieceOffsets, pathOffsets, pathStrings } = this.data;
    const at = record * recordFields;
    const headingPath: string[] = [];
    const pathId = records[at + 4] as number;
    for (let index = pathOffsets[pathId] ?? 0; index < (pathOffsets[pathId + 1] ?? 0); index++) {
      headingPath.push(this.string(pathStrings[index] as number));
    }
    const page = records[at + 5] as number;
    const flags = records[at + 7] as number;
    const hashStart = pieceOffsets[record * 3 + 1] as number;
    const textStart = pieceOffsets[record * 3 + 2] as number;
    const headEncoding = (flags & asciiHead) === 0 ? "utf8" : "latin1";
    return {
      id: this.pieces.toString(headEncoding, pieceOffsets[record * 3], hashStart),
      source: this.string(records[at + 1] as number),
      scope: this.string(records[at + 2] as number),
      title: this.string(records[at + 3] as number),
      headingPath,
      page: page === noPage ? null : page,
      position: records[at + 6] as number,
      text: this.pieces.toString(
        (flags & asciiText) === 0 ? "utf8" : "latin1",
        textStart,
        pieceOffsets[record * 3 + 3],
      ),
      contentHash: this.pieces.toString(headEncoding, hashStart, textStart),
      label: records[at] as number,
    };
  }
}

/**
 * Opens the chunks of a generation whose vector index has labelCount slots: chunks.bin (checked against `record`,
 * what the manifest recorded of it, before it is read), or chunks.json when the generation was written before
 * chunks.bin existed (the next ingest that changes anything writes chunks.bin; `docent ingest --rebuild` does it at
 * once).
 */
export async function readChunkStore(
  files: GenerationFiles,
  labelCount: number,
  record?: FileRecord,
): Promise<ChunkStore> {
  const binary = await readIfPresent(files.chunks, {
    maxBytes: constants.MAX_LENGTH,
    record,
    header: {
      bytes: chunkStoreHeaderBytes,
      declaredBytes: (header) => declaredChunkStoreLength(header, files.chunks),
    },
  });
  if (binary !== null) {
    const data = decodeChunkStore(binary, files.chunks, record !== undefined);
    if (data.labelCount !== labelCount) {
      throw new DocentError(
        "INDEX_CORRUPT",
        `The chunk store ${files.chunks} has ${data.labelCount} slots but the manifest says ${labelCount}. ` +
          rebuildAdvice,
      );
    }
    return new ChunkStore(data, "chunks.bin");
  }
  const json = await readIfPresent(files.legacyChunks, { maxBytes: constants.MAX_STRING_LENGTH });
  if (json === null) {
    throw new DocentError(
      "INDEX_CORRUPT",
      `The generation ${files.folder} has no chunk store (${files.chunks}). ${rebuildAdvice}`,
    );
  }
  try {
    const parsed: unknown = JSON.parse(json.toString("utf8"));
    if (!Array.isArray(parsed)) throw new Error("not a list of chunks");
    return new ChunkStore(buildChunkStoreData(parsed as IndexedChunk[], labelCount), "chunks.json");
  } catch (error) {
    throw new DocentError(
      "INDEX_CORRUPT",
      `The chunk store ${files.legacyChunks} cannot be read. ${rebuildAdvice}`,
      { cause: error },
    );
  }
}

/** Every chunk of a generation folder, as objects (for building the next generation from it). */
export async function readGenerationChunks(
  folder: string,
  labelCount: number,
  record?: FileRecord,
): Promise<IndexedChunk[]> {
  return (await readChunkStore(generationFiles(folder), labelCount, record)).readAll();
}

async function readIfPresent(
  file: string,
  limits: Parameters<typeof readIndexFile>[2],
): Promise<Buffer | null> {
  try {
    return await readIndexFile(file, { what: `The chunk store ${file}`, fix: rebuildAdvice }, limits);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
