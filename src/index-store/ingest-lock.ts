import { mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { DocentError } from "../errors.js";

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
  await mkdir(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    try {
      const handle = await open(lockFile, "wx");
      await handle.writeFile(JSON.stringify(owner));
      await handle.close();
      return { release: () => unlink(lockFile).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await readOwner(lockFile);
    if (holder === null && (await isFresh(lockFile))) {
      throw new DocentError("INGEST_LOCKED", "Another ingest is starting on this index right now.");
    }
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

async function readOwner(lockFile: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(lockFile, "utf8")) as Partial<LockOwner>;
    if (typeof owner.pid !== "number" || typeof owner.host !== "string") return null;
    return { pid: owner.pid, host: owner.host, startedAt: String(owner.startedAt) };
  } catch {
    return null;
  }
}

/** A lock file without a readable owner is being written by its creator when it is only seconds old. */
async function isFresh(lockFile: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(lockFile)).mtimeMs < 10_000;
  } catch {
    return false;
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
