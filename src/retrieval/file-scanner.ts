import { readSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { setImmediate as nextTurn } from "node:timers/promises";
import { crc32 } from "./crc32.js";
import { damaged, type IndexFileNaming } from "./index-file.js";

/** The longest record a caller may ask for at once (need), and the piece of the file read at a time. */
const recordBytes = 512 * 1024;
const pieceBytes = 8 * 1024 * 1024;
/** The event loop gets a turn after this many bytes, so that a bot answering questions is not held up long. */
const bytesBetweenTurns = 32 * 1024 * 1024;

/**
 * Reads a file front to back exactly once, for checks that walk a large file without holding it: the caller asks
 * for the next `n` bytes (need), reads them at `at` (helpers by offset from `at`), then moves on (skip). The CRC-32 of
 * every byte is kept on the way. The pieces are read synchronously (one asynchronous read per piece cost a turn of
 * the event loop each, which on a busy machine made the walk of a 160 MB file several times slower), with a turn
 * of the event loop every 32 MiB.
 */
export class FileScanner {
  private readonly buffer: Buffer;
  private readonly view: Uint32Array;
  /** The file offset of buffer[0]. */
  private start = 0;
  /** Bytes of the file held in the buffer, from buffer[0]. */
  private held = 0;
  /** Where the caller is, in the buffer. */
  at = 0;
  private checksum = 0;
  private sinceTurn = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    private readonly naming: IndexFileNaming,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(recordBytes + pieceBytes);
    this.view = new Uint32Array(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length >>> 2);
  }

  /** Bytes of the file not read yet by the caller. */
  get remaining(): number {
    return this.size - this.start - this.at;
  }

  /** Whether the next n bytes are in the buffer already (so need(n) would not wait). */
  holds(n: number): boolean {
    return this.held - this.at >= n;
  }

  /** Makes the next n bytes (at most 512 KiB) available at `at`; fails when the file ends first. */
  async need(n: number): Promise<void> {
    if (this.holds(n)) return;
    if (n > this.remaining) throw damaged(this.naming, "it ends in the middle of its contents");
    if (n > recordBytes) throw damaged(this.naming, "a record is larger than any this file can hold");
    if (this.sinceTurn >= bytesBetweenTurns) {
      this.sinceTurn = 0;
      await nextTurn();
    }
    this.buffer.copyWithin(0, this.at, this.held);
    this.start += this.at;
    this.held -= this.at;
    this.at = 0;
    const length = Math.min(this.buffer.length - this.held, this.size - this.start - this.held);
    let done = 0;
    while (done < length) {
      const read = readPiece(
        this.handle.fd,
        this.buffer,
        this.held + done,
        length - done,
        this.start + this.held + done,
      );
      if (typeof read === "string") throw damaged(this.naming, read);
      done += read;
    }
    this.checksum = crc32(this.buffer.subarray(this.held, this.held + length), this.checksum);
    this.held += length;
    this.sinceTurn += length;
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
    return this.view;
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

/** Reads into the buffer at `into`; the bytes read, or what went wrong. */
function readPiece(
  fd: number,
  buffer: Buffer,
  into: number,
  length: number,
  position: number,
): number | string {
  try {
    const read = readSync(fd, buffer, into, length, position);
    return read === 0 ? "it ended early while being read" : read;
  } catch (error) {
    return `reading it failed: ${(error as NodeJS.ErrnoException).code}`;
  }
}
