import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { mkdir, readdir, readFile, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isDocentError } from "../../src/errors.js";
import { acquireIngestLock } from "../../src/index-store/ingest-lock.js";
import { projectRoot, spawnCollecting } from "../helpers/run-docent.js";
import { makeTempFolder } from "../helpers/temp-folder.js";

describe("ingest lock", () => {
  it("admits one holder at a time and is free again after release", async () => {
    const file = path.join(await makeTempFolder(), "index", "ingest.lock");
    const lock = await acquireIngestLock(file);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    const second = await acquireIngestLock(file).catch((error: unknown) => error);
    expect(isDocentError(second, "INGEST_LOCKED")).toBe(true);
    await lock.release();
    const again = await acquireIngestLock(file);
    await again.release();
  });

  it("takes over a lock whose holder has died", async () => {
    const file = path.join(await makeTempFolder(), "ingest.lock");
    const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid;
    await writeFile(
      file,
      JSON.stringify({ pid: deadPid, host: hostname(), startedAt: "2026-01-01T00:00:00Z" }),
    );
    const lock = await acquireIngestLock(file);
    expect(JSON.parse(await readFile(file, "utf8")).pid).toBe(process.pid);
    await lock.release();
  });

  it("takes over an empty or unreadable lock file once nobody has renewed it for the lease", async () => {
    const file = path.join(await makeTempFolder(), "ingest.lock");
    await writeFile(file, "");
    const lock = await acquireIngestLock(file, { renewEveryMs: 100, staleAfterMs: 500 });
    expect(JSON.parse(await readFile(file, "utf8")).pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(path.dirname(file))).toEqual([]);
  });

  it("respects a live holder whose lock file was overwritten with garbage: it still renews the lease", async () => {
    const file = path.join(await makeTempFolder(), "ingest.lock");
    const holder = spawnCollecting(
      process.execPath,
      ["--import", "tsx", path.join(projectRoot, "test/helpers/hold-ingest-lock.ts"), file],
      { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      await new Promise<void>((resolve) => holder.child.stdout?.once("data", () => resolve()));
      // printf garbage > ingest.lock: the same file (the holder's lease), now naming nobody.
      await writeFile(file, "garbage");
      const error = await acquireIngestLock(file).catch((caught: unknown) => caught);
      expect(isDocentError(error, "INGEST_LOCKED"), String(error)).toBe(true);
      expect((error as Error).message).toContain(
        `its lock file ${file} cannot be read, but it is being renewed`,
      );
    } finally {
      holder.child.kill();
      await holder.done;
    }
  });

  it("says what is in the way when the lock is a folder or a dangling symbolic link, instead of refusing for ever", async () => {
    const folder = await makeTempFolder();
    const directory = path.join(folder, "a", "ingest.lock");
    await mkdir(directory, { recursive: true });
    const link = path.join(folder, "b", "ingest.lock");
    await mkdir(path.dirname(link));
    await symlink(path.join(folder, "nowhere"), link);
    for (const [file, kind, remove] of [
      [directory, "a folder", `rm -r ${directory}`],
      [link, "a symbolic link", `rm ${link}`],
    ] as const) {
      const error = await acquireIngestLock(file).catch((caught: unknown) => caught);
      expect(isDocentError(error, "INGEST_FAILED"), String(error)).toBe(true);
      expect((error as Error).message).toBe(
        `The ingest lock ${file} is ${kind}, not a lock file docent made, so no ingest can take it. ` +
          `Remove it (\`${remove}\`) and run the ingest again.`,
      );
    }
  });

  it("respects a holder on another host while it renews its lease", async () => {
    const file = path.join(await makeTempFolder(), "ingest.lock");
    await writeFile(file, JSON.stringify({ pid: 1, host: "another-host.example", startedAt: "now" }));
    const renewal = setInterval(() => {
      const now = new Date();
      utimes(file, now, now).catch(() => undefined);
    }, 100);
    try {
      await expect(acquireIngestLock(file, { renewEveryMs: 100, staleAfterMs: 1_000 })).rejects.toThrow(
        /process 1 on another-host\.example/,
      );
    } finally {
      clearInterval(renewal);
    }
  });

  it("takes over a lock from another host once nobody has renewed it for the lease", async () => {
    const file = path.join(await makeTempFolder(), "ingest.lock");
    await writeFile(file, JSON.stringify({ pid: 1, host: "another-host.example", startedAt: "now" }));
    const lock = await acquireIngestLock(file, { renewEveryMs: 100, staleAfterMs: 1_000 });
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
  });

  it("renews its own lease while held, even while the event loop is busy", async () => {
    const file = path.join(await makeTempFolder(), "ingest.lock");
    const lock = await acquireIngestLock(file, { renewEveryMs: 50, staleAfterMs: 1_000 });
    const before = (await stat(file)).mtimeMs;
    // A synchronous stretch of work, such as inserting vectors into the index: the event loop never turns.
    let renewed = false;
    const giveUpAt = Date.now() + 10_000;
    while (!renewed && Date.now() < giveUpAt) renewed = statSync(file).mtimeMs > before;
    expect(renewed).toBe(true);
    await lock.release();
    expect(await readdir(path.dirname(file))).toEqual([]);
  });
});
