import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { DocentError } from "../errors.js";
import { describeWriteFailure } from "./generation-store.js";

/**
 * One ingest at a time per index directory. The lock is a file created exclusively; it names the process that
 * holds it, so a lock left behind by a killed process (same host, process gone) is taken over instead of
 * blocking every later run.
 */
export interface IngestLock {
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export async function acquireIngestLock(lockFile: string): Promise<IngestLock> {
  await mkdir(path.dirname(lockFile), { recursive: true }).catch((error: unknown) => {
    throw describeWriteFailure(error, path.dirname(lockFile));
  });
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createLockFile(lockFile)) return { release: () => unlink(lockFile).catch(() => undefined) };
    const holder = await readOwner(lockFile);
    if (holder !== null && isAlive(holder)) {
      throw new DocentError(
        "INGEST_LOCKED",
        `Another ingest is already running on this index (process ${holder.pid} on ${holder.host}, started ${holder.startedAt}).`,
      );
    }
    await unlink(lockFile).catch(() => undefined);
  }
  throw new DocentError("INGEST_LOCKED", `Could not take the ingest lock ${lockFile}.`);
}

/**
 * The owner is written to a private file first and then hard-linked into place, which fails if the lock exists:
 * the lock file is never seen empty, even when its creator is killed halfway.
 */
async function createLockFile(lockFile: string): Promise<boolean> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const draft = `${lockFile}.${process.pid}.tmp`;
  try {
    await writeFile(draft, JSON.stringify(owner));
    await link(draft, lockFile);
    return true;
  } catch (error) {
    // A full disk or a read-only folder fails here first: say so, naming the folder.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST")
      throw describeWriteFailure(error, path.dirname(lockFile));
    return false;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

async function readOwner(lockFile: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(lockFile, "utf8")) as Partial<LockOwner>;
    if (typeof owner.pid !== "number" || typeof owner.host !== "string") return null;
    return { pid: owner.pid, host: owner.host, startedAt: String(owner.startedAt) };
  } catch {
    return null;
  }
}

/** A holder on another host is assumed alive: only a process on this host can be checked. */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
