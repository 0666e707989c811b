import type { FileHandle } from "node:fs/promises";
import { crc32 } from "./crc32.js";
import { damaged, type IndexFileNaming, readFully } from "./index-file.js";

/** The longest record a caller may ask for at once (need), and the piece of the file read at a time. */
const recordBytes = 512 * 1024;
const pieceBytes = 4 * 1024 * 1024;

/**
 * Reads a file front to back exactly once, for checks that walk a large file without holding it: the caller asks
 * for the next `n` bytes (need), reads them at `at` (helpers by offset from `at`), then moves on (skip). The CRC-32 of
 * every byte is kept on the way. Two buffers take turns: the next piece of the file is read into one (in the thread
 * pool) while the caller works through the other; a record cut by the end of a piece is joined by copying its start
 * (never more than a record) in front of the next piece.
 */
export class FileScanner {
  private readonly buffers: [Buffer, Buffer];
  private readonly views: [Uint32Array, Uint32Array];
  /** The buffer the caller reads from (0 or 1); the other one is being read into. */
  private current = 1;
  /** The file offset of index 0 of the current buffer (its pieces start at recordBytes). */
  private start = -recordBytes;
  /** The end of the file's bytes in the current buffer. */
  private end = recordBytes;
  /** Where the caller is, in the current buffer. */
  at = recordBytes;
  /** The read into the other buffer: its file offset and length. */
  private reading: Promise<{ offset: number; length: number }> | null = null;
  private readTo = 0;
  private checksum = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    private readonly naming: IndexFileNaming,
  ) {
    this.buffers = [
      Buffer.allocUnsafeSlow(recordBytes + pieceBytes),
      Buffer.allocUnsafeSlow(recordBytes + pieceBytes),
    ];
    this.views = [0, 1].map((index) => {
      const buffer = this.buffers[index] as Buffer;
      return new Uint32Array(buffer.buffer, buffer.byteOffset, buffer.length >>> 2);
    }) as [Uint32Array, Uint32Array];
    this.reading = this.readInto(0);
  }

  private get buffer(): Buffer {
    return this.buffers[this.current] as Buffer;
  }

  /** Bytes of the file not read yet by the caller. */
  get remaining(): number {
    return this.size - this.start - this.at;
  }

  /** Whether the next n bytes are in the buffer already (so need(n) would not wait). */
  holds(n: number): boolean {
    return this.end - this.at >= n;
  }

  /** Makes the next n bytes (at most 512 KiB) available at `at`; fails when the file ends first. */
  async need(n: number): Promise<void> {
    if (this.holds(n)) return;
    if (n > this.remaining) throw damaged(this.naming, "it ends in the middle of its contents");
    if (n > recordBytes) throw damaged(this.naming, "a record is larger than any this file can hold");
    while (!this.holds(n)) {
      const { offset, length } = await (this.reading as Promise<{ offset: number; length: number }>);
      const next = 1 - this.current;
      const into = this.buffers[next] as Buffer;
      const left = this.end - this.at;
      this.buffer.copy(into, recordBytes - left, this.at, this.end);
      this.checksum = crc32(into.subarray(recordBytes, recordBytes + length), this.checksum);
      this.current = next;
      this.start = offset - recordBytes;
      this.at = recordBytes - left;
      this.end = recordBytes + length;
      this.reading = this.readTo < this.size ? this.readInto(1 - next) : null;
    }
  }

  /** Starts reading the next piece of the file into a buffer (after its record-sized front). */
  private readInto(index: number): Promise<{ offset: number; length: number }> {
    const offset = this.readTo;
    const length = Math.min(pieceBytes, this.size - offset);
    this.readTo += length;
    const buffer = this.buffers[index] as Buffer;
    const reading = readFully(this.handle, buffer, offset, length, this.naming, recordBytes).then(() => ({
      offset,
      length,
    }));
    // A check that stops early (damage found) leaves its read unawaited: its failure is not an error then.
    reading.catch(() => undefined);
    return reading;
  }

  skip(n: number): void {
    this.at += n;
  }

  u32(offset = 0): number {
    return this.buffer.readUInt32LE(this.at + offset);
  }

  /**
   * The current buffer as 32-bit words in this machine's byte order (the order hnswlib writes its file in): the word
   * at byte `at + offset` is words()[(at + offset) / 4], for fields that fall on a multiple of 4 in the file (every
   * field of the graph file does). Much faster than u32 in a loop over millions of fields. Valid until need().
   */
  words(): Uint32Array {
    return this.views[this.current] as Uint32Array;
  }

  i32(offset = 0): number {
    return this.buffer.readInt32LE(this.at + offset);
  }

  /** An unsigned 64-bit field, or NaN when it is beyond what a file position can be (2^53). */
  u64(offset = 0): number {
    const value = this.buffer.readBigUInt64LE(this.at + offset);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(value);
  }

  f64(offset = 0): number {
    return this.buffer.readDoubleLE(this.at + offset);
  }

  /** The CRC-32 of the whole file, once every byte has been read (reads what the caller skipped over). */
  async finish(): Promise<number> {
    while (this.remaining > 0) {
      const chunk = Math.min(this.remaining, recordBytes);
      await this.need(chunk);
      this.skip(chunk);
    }
    return this.checksum;
  }
}
