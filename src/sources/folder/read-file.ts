import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { describeSizeLimit } from "../../documents/file-size.js";

/**
 * A file's bytes, or the reason it is refused. A file may change between listing and reading: it is opened
 * without blocking and without following a link, checked through the open handle (a regular file, within the size
 * limit) and read up to one byte past the limit, so that a file swapped for a FIFO or growing without end can
 * neither hang the run nor fill its memory.
 */
export async function readBounded(absolutePath: string, maxBytes: number): Promise<Buffer | string> {
  // O_NONBLOCK and O_NOFOLLOW are POSIX flags (absent on Windows, where neither a FIFO nor this race applies).
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
  const handle = await open(absolutePath, flags);
  try {
    const status = await handle.stat();
    if (!status.isFile()) return "not a regular file";
    if (status.size > maxBytes) return describeSizeLimit(maxBytes);
    const contents = await readUpTo(handle, status.size, maxBytes + 1);
    return contents.length > maxBytes ? describeSizeLimit(maxBytes) : contents;
  } finally {
    await handle.close();
  }
}

/**
 * Reads to the end of the file but never more than `cap` bytes. The buffer starts one byte past the size the file
 * had when opened (to notice growth) and doubles, up to the cap, while the file keeps going.
 */
async function readUpTo(handle: FileHandle, expectedBytes: number, cap: number): Promise<Buffer> {
  let buffer = Buffer.allocUnsafe(Math.min(cap, expectedBytes + 1));
  let length = 0;
  while (true) {
    if (length === buffer.length) {
      if (buffer.length >= cap) break;
      const grown = Buffer.allocUnsafe(Math.min(cap, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}
