import { constants, type Stats } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { DocentError } from "../errors.js";
import { crc32, formatCrc32 } from "./crc32.js";

/** What a manifest records of a file it describes at write time: its length and checksum. */
export interface FileRecord {
  bytes: number;
  /** CRC-32 of the whole file, eight hex digits (crc32.ts). */
  crc32: string;
}

/** Names a file in errors and says what to do about it. */
export interface IndexFileNaming {
  /** "The chunk store /.../chunks.bin": the start of each sentence. */
  what: string;
  /** The sentence that ends each message: how to repair it. */
  fix: string;
}

export const rebuildAdvice = "Run `docent ingest` to rebuild the index.";

/** A file that is not there, for the callers of openIndexFile and readIndexFile without a fallback for it. */
export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

export function damaged(naming: IndexFileNaming, problem: string, cause?: unknown): DocentError {
  return new DocentError("INDEX_CORRUPT", `${naming.what} is damaged (${problem}). ${naming.fix}`, {
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Opens a file docent expects to have written, without ever blocking on it or reading what it cannot be: opened
 * non-blocking (a FIFO put in its place opens at once instead of waiting for a writer), then the opened file itself
 * (fstat, so a symlink is judged by what it points to) must be a regular file of at most `maxBytes` and, when the
 * manifest recorded it, of exactly the recorded length. A device (/dev/zero), a FIFO or a folder is refused before
 * one byte is read. Throws INDEX_CORRUPT; a missing file is ENOENT, for callers that have a fallback.
 */
export async function openIndexFile(
  file: string,
  naming: IndexFileNaming,
  limits: { maxBytes: number; record?: FileRecord | undefined },
): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw error;
    throw damaged(naming, `it cannot be opened: ${code ?? "unknown error"}`, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw damaged(naming, `it is ${describeKind(info)}, not a file docent wrote`);
    const { record } = limits;
    if (record !== undefined && info.size !== record.bytes) {
      throw damaged(naming, `it holds ${info.size} bytes; ${record.bytes} were written`);
    }
    if (info.size > limits.maxBytes) {
      throw damaged(naming, `it holds ${info.size} bytes, more than the ${limits.maxBytes} it can hold`);
    }
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Reads a whole index file opened as openIndexFile does. `declaredBytes` reads the length the file's own header
 * declares (from its first `header.bytes`), so that a file whose header and length disagree is refused before the
 * rest is read; the recorded checksum, when there is one, is checked before the bytes are handed back.
 */
export async function readIndexFile(
  file: string,
  naming: IndexFileNaming,
  limits: {
    maxBytes: number;
    record?: FileRecord | undefined;
    /** The header's length, and the file length it declares (throwing when it is not a header at all). */
    header?: { bytes: number; declaredBytes(header: Buffer): number };
  },
): Promise<Buffer> {
  const { handle, size } = await openIndexFile(file, naming, limits);
  try {
    const buffer = Buffer.allocUnsafeSlow(size);
    const header = limits.header;
    if (header !== undefined) {
      if (size < header.bytes) throw damaged(naming, "shorter than its header");
      await readFully(handle, buffer, 0, header.bytes, naming);
      const declared = header.declaredBytes(buffer.subarray(0, header.bytes));
      if (declared !== size) throw damaged(naming, `its header says ${declared} bytes; it holds ${size}`);
    }
    const start = header?.bytes ?? 0;
    await readFully(handle, buffer, start, size - start, naming);
    if (limits.record !== undefined && formatCrc32(crc32(buffer)) !== limits.record.crc32) {
      throw damaged(naming, "checksum mismatch");
    }
    return buffer;
  } finally {
    await handle.close();
  }
}

/** Reads `length` bytes at `position` into `buffer` at the same offset, or fails naming the file. */
export async function readFully(
  handle: FileHandle,
  buffer: Uint8Array,
  position: number,
  length: number,
  naming: IndexFileNaming,
  into = position,
): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle
      .read(buffer, into + done, length - done, position + done)
      .catch((error: unknown) => {
        throw damaged(naming, `reading it failed: ${(error as NodeJS.ErrnoException).code}`, error);
      });
    if (bytesRead === 0) throw damaged(naming, "it ended early while being read");
    done += bytesRead;
  }
}

function describeKind(info: Stats): string {
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}
