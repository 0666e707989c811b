import type { FileHandle } from "node:fs/promises";
import { crc32 } from "./crc32.js";
import { damaged, type IndexFileNaming, readFully } from "./index-file.js";

/**
 * Reads a file front to back exactly once through a fixed buffer, for checks that walk a large file without holding
 * it: the caller asks for the next `n` bytes (need), reads them at `at` (little-endian helpers), then moves on
 * (skip). The CRC-32 of every byte read is kept on the way.
 */
export class FileScanner {
  private readonly buffer: Buffer;
  /** The file offset of buffer[0]. */
  private start = 0;
  /** Bytes of the file held in the buffer, from buffer[0]. */
  private held = 0;
  /** Where the caller is, in the buffer. */
  at = 0;
  private checksum = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    private readonly naming: IndexFileNaming,
    bufferBytes = 4 << 20,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(bufferBytes);
  }

  /** Bytes of the file not read yet by the caller. */
  get remaining(): number {
    return this.size - this.start - this.at;
  }

  /** Whether the next n bytes are in the buffer already (so need(n) would not wait). */
  holds(n: number): boolean {
    return this.held - this.at >= n;
  }

  /** Makes the next n bytes (at most the buffer's size) available at `at`; fails when the file ends first. */
  async need(n: number): Promise<void> {
    if (this.holds(n)) return;
    if (n > this.remaining) throw damaged(this.naming, "it ends in the middle of its contents");
    if (n > this.buffer.length) throw damaged(this.naming, "a record is larger than any this file can hold");
    this.buffer.copyWithin(0, this.at, this.held);
    this.start += this.at;
    this.held -= this.at;
    this.at = 0;
    const fill = Math.min(this.buffer.length - this.held, this.size - this.start - this.held);
    await readFully(this.handle, this.buffer, this.start + this.held, fill, this.naming, this.held);
    this.checksum = crc32(this.buffer.subarray(this.held, this.held + fill), this.checksum);
    this.held += fill;
  }

  skip(n: number): void {
    this.at += n;
  }

  u32(offset = 0): number {
    return this.buffer.readUInt32LE(this.at + offset);
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
      const chunk = Math.min(this.remaining, this.buffer.length);
      await this.need(chunk);
      this.skip(chunk);
    }
    return this.checksum;
  }
}
