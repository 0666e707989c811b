import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { DocentError } from "../errors.js";

/**
 * The access file maps ids to scopes: 1 MiB holds about 35,000 channel lines (`C0123456789: [public, hr]`), and
 * parses in well under a second. A larger file is refused rather than parsed on the bot's event loop.
 */
export const accessFileMaxBytes = 1024 * 1024;

/**
 * The access file's text, or null when there is none. Only a regular file is read, and at most
 * accessFileMaxBytes of it: the file is opened without blocking (a FIFO in its place would otherwise wait for a
 * writer forever) and checked on the open descriptor (a symlink to /dev/zero or a directory is refused), and a
 * file that grows past the limit while being read is refused too. Failures are CONFIG_INVALID with a sentence
 * naming the file.
 */
export function readAccessFile(file: string): string | null {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw cannotRead(file, error);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) {
      throw new DocentError(
        "CONFIG_INVALID",
        `The access file ${file} is ${describeKind(stats)}, not a regular file: point DOCENT_ACCESS_FILE at a YAML or JSON file`,
      );
    }
    if (stats.size > accessFileMaxBytes) throw tooLarge(file, stats.size);
    return readAtMost(descriptor, file);
  } finally {
    closeSync(descriptor);
  }
}

function readAtMost(descriptor: number, file: string): string {
  const buffer = Buffer.alloc(accessFileMaxBytes + 1);
  let length = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(descriptor, buffer, length, buffer.length - length, null);
    } catch (error) {
      throw cannotRead(file, error);
    }
    if (read === 0) break;
    length += read;
    if (length > accessFileMaxBytes) throw tooLarge(file, null);
  }
  return buffer.toString("utf8", 0, length);
}

function tooLarge(file: string, bytes: number | null): DocentError {
  const size = bytes === null ? "more" : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return new DocentError(
    "CONFIG_INVALID",
    `The access file ${file} has ${size}, over the limit of ${accessFileMaxBytes / 1024 / 1024} MB for an access ` +
      "file (about 35,000 channels): list fewer channels and let defaultScopes cover the others",
  );
}

function cannotRead(file: string, error: unknown): DocentError {
  const code = (error as NodeJS.ErrnoException).code;
  return new DocentError(
    "CONFIG_INVALID",
    `The access file ${file} cannot be read${code === undefined ? "" : ` (${code})`}`,
    { cause: error },
  );
}

function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  return "not a file";
}
