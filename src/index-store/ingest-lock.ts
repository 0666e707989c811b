import { constants } from "node:fs";
import { link, lstat, mkdir, open, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { DocentError } from "../errors.js";
import { describeWriteFailure } from "./generation-folders.js";
import type { IngestLock } from "./index-store.js";
import { renewLeaseInBackground } from "./lock-lease.js";

/**
 * One ingest at a time per index directory. The lock is a file created exclusively; it names the process that
 * holds it, and it is a lease: the holder renews it (touches the file) every few seconds from a worker thread, so
 * renewal goes on while the main thread is busy and stops the moment the process dies. A lock that nobody renewed
 * for `staleAfterMs` is taken over, whatever host wrote it; so is one whose process is gone from this host. A
 * killed run (a one-off container included, with its own host name) never blocks the next run for longer than
 * the lease. Hosts sharing an index folder are assumed to have clocks within a few seconds of each other.
 */
export interface LeaseTiming {
  renewEveryMs: number;
  staleAfterMs: number;
}

export const defaultLeaseTiming: LeaseTiming = { renewEveryMs: 3_000, staleAfterMs: 15_000 };

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export async function acquireIngestLock(
  lockFile: string,
  timing: LeaseTiming = defaultLeaseTiming,
): Promise<IngestLock> {
  await mkdir(path.dirname(lockFile), { recursive: true }).catch((error: unknown) => {
    throw describeWriteFailure(error, path.dirname(lockFile));
  });
  for (let attempt = 0; attempt < 3; attempt++) {
    const created = await createLockFile(lockFile);
    if (created !== null) return holdLock(lockFile, created, timing);
    const seen = await lstat(lockFile, { bigint: true }).catch(() => null);
    if (seen === null) continue; // released meanwhile: try again
    if (!seen.isFile()) throw notALock(lockFile, seen);
    const holder = await readOwner(lockFile);
    if (!(await hasLapsed(lockFile, holder, seen, timing))) {
      throw new DocentError(
        "INGEST_LOCKED",
        holder === null
          ? `Another ingest seems to be running on this index: its lock file ${lockFile} cannot be read, but ` +
              "it is being renewed. If no ingest is running, remove the file."
          : `Another ingest is already running on this index (process ${holder.pid} on ${holder.host}, started ${holder.startedAt}).`,
      );
    }
    await removeIfUnchanged(lockFile, seen);
  }
  throw new DocentError(
    "INGEST_LOCKED",
    `Could not take the ingest lock ${lockFile}: other runs took it over and released it three times while this one tried.`,
  );
}

/**
 * Something docent never makes where its lock goes (a folder, a symbolic link, a FIFO): it is neither held nor
 * stale, and docent does not remove what it did not make. Says what it is and how to clear it.
 */
function notALock(lockFile: string, seen: FileStatus): DocentError {
  const kind = seen.isDirectory()
    ? "a folder"
    : seen.isSymbolicLink()
      ? "a symbolic link"
      : seen.isFIFO()
        ? "a FIFO (named pipe)"
        : "not a regular file";
  const remove = seen.isDirectory() ? `rm -r ${lockFile}` : `rm ${lockFile}`;
  return new DocentError(
    "INGEST_FAILED",
    `The ingest lock ${lockFile} is ${kind}, not a lock file docent made, so no ingest can take it. ` +
      `Remove it (\`${remove}\`) and run the ingest again.`,
  );
}

const statBig = (file: string) => stat(file, { bigint: true });
type FileStatus = Awaited<ReturnType<typeof statBig>>;

/** Locks this process holds (path -> inode): a lock naming this pid that is not among them is a past life's. */
const heldHere = new Map<string, bigint>();

function holdLock(lockFile: string, identity: bigint, timing: LeaseTiming): IngestLock {
  const renewal = renewLeaseInBackground(lockFile, identity, timing.renewEveryMs);
  heldHere.set(path.resolve(lockFile), identity);
  return {
    async release() {
      heldHere.delete(path.resolve(lockFile));
      await renewal.stop();
      // Only our own lock: after a takeover (a lease that ran out), the file belongs to the next run.
      const current = await statBig(lockFile).catch(() => null);
      if (current?.ino === identity) await unlink(lockFile).catch(() => undefined);
    },
  };
}

/**
 * Whether the holder is gone. On this host a process that no longer exists is gone at once, and so is a lock that
 * names this very process without being held by it (a container restarted with the same pid). Otherwise the lease
 * decides: not renewed for `staleAfterMs` means gone; fresh, on this host with its process alive, means held; fresh
 * on another host (whose processes cannot be checked) is watched until it is renewed (held) or until it has gone
 * `staleAfterMs` without renewal (gone). A lock whose content cannot be read (null: overwritten, or damaged)
 * names no process to check, so it is watched the same way: a live holder keeps renewing it.
 */
async function hasLapsed(
  lockFile: string,
  holder: LockOwner | null,
  seen: FileStatus,
  timing: LeaseTiming,
): Promise<boolean> {
  const sameHost = holder !== null && holder.host === hostname();
  if (sameHost && holder.pid === process.pid) return heldHere.get(path.resolve(lockFile)) !== seen.ino;
  if (sameHost && !isProcessAlive(holder.pid)) return true;
  const lastRenewal = Number(seen.mtimeMs);
  if (Date.now() - lastRenewal > timing.staleAfterMs) return true;
  // A live process on this host with a fresh lease holds it (were the pid reused, the lease lapses soon).
  if (sameHost) return false;
  const watchUntil = Math.min(lastRenewal, Date.now()) + timing.staleAfterMs;
  const pollMs = Math.max(10, Math.min(500, timing.renewEveryMs / 2));
  while (Date.now() <= watchUntil) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const now = await statBig(lockFile).catch(() => null);
    if (now === null || now.ino !== seen.ino) return false; // released or replaced: someone is active
    if (now.mtimeMs !== seen.mtimeMs) return false; // renewed
  }
  return true;
}

/** Removes the lock judged stale, unless it changed since (renewed, or replaced by a run that took it over). */
async function removeIfUnchanged(lockFile: string, seen: FileStatus): Promise<void> {
  const now = await statBig(lockFile).catch(() => null);
  if (now !== null && now.ino === seen.ino && now.mtimeMs === seen.mtimeMs) {
    await unlink(lockFile).catch(() => undefined);
  }
}

/**
 * The owner is written to a private file first and then hard-linked into place, which fails if the lock exists:
 * the lock file is never seen empty, even when its creator is killed halfway. Returns the lock's inode.
 */
async function createLockFile(lockFile: string): Promise<bigint | null> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const draft = `${lockFile}.${process.pid}.tmp`;
  try {
    await writeFile(draft, JSON.stringify(owner));
    await link(draft, lockFile);
    return (await statBig(lockFile)).ino;
  } catch (error) {
    // A full disk or a read-only folder fails here first: say so, naming the folder.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST")
      throw describeWriteFailure(error, path.dirname(lockFile));
    return null;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/** The owner the lock names (its first 4 KiB: a lock is about 100 bytes), or null when it names none. */
async function readOwner(lockFile: string): Promise<LockOwner | null> {
  try {
    const handle = await open(lockFile, constants.O_RDONLY | constants.O_NONBLOCK);
    const { buffer, bytesRead } = await handle
      .read({ buffer: Buffer.alloc(4096), position: 0 })
      .finally(() => handle.close());
    const owner = JSON.parse(buffer.toString("utf8", 0, bytesRead)) as Partial<LockOwner>;
    if (typeof owner.pid !== "number" || typeof owner.host !== "string") return null;
    return { pid: owner.pid, host: owner.host, startedAt: String(owner.startedAt) };
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
