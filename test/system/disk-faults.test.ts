import { execFileSync, spawn } from "node:child_process";
import { chmodSync, statfsSync, writeFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createAnswerService } from "../../src/answer/answer-service.js";
import { createChatCore } from "../../src/chat-core/create-chat-core.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { loadConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/logging/logger.js";
import { describeReindexResult } from "../../src/rendering/describe-status.js";
import { ingestCommand, ingestEnv } from "../chat-core/chat-fixture.js";
import { createRecordingLogger } from "../embeddings/recording-logger.js";
import { generatedNotes } from "../helpers/generated-notes.js";
import { type DocentRun, projectRoot, runDocent } from "../helpers/run-docent.js";
import { writeFiles } from "../helpers/temp-folder.js";

/**
 * An ingest that cannot write its index (disk full, read-only file system, a folder this user may not write)
 * must stop with exit status 1 and a message naming the folder and the cause, and leave the current generation
 * serving. Real faults, no mocks: a tiny tmpfs filled up, the same tmpfs remounted read-only, and the CLI run as
 * an unprivileged user against a folder it does not own. Mounting needs root with CAP_SYS_ADMIN (true in CI
 * containers and on the build machines); where it is missing those cases skip and say so.
 */
const isRoot = process.getuid?.() === 0;
const mountSkipReason = probeMount();
const folders: string[] = [];
const mounts: string[] = [];

afterEach(async () => {
  while (mounts.length > 0) unmount(mounts.pop() as string);
  while (folders.length > 0) await rm(folders.pop() as string, { recursive: true, force: true });
});

function probeMount(): string | undefined {
  if (process.platform !== "linux") return "needs Linux (tmpfs mounts)";
  if (!isRoot) return "needs root to mount a tmpfs (run as root, or in a container with CAP_SYS_ADMIN)";
  const probe = path.join(tmpdir(), `docent-mount-probe-${process.pid}`);
  try {
    execFileSync("mkdir", ["-p", probe]);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], { stdio: "pipe" });
    execFileSync("umount", [probe], { stdio: "pipe" });
    return undefined;
  } catch (error) {
    return `mounting a tmpfs is not permitted here (${(error as Error).message.split("\n")[0]})`;
  } finally {
    execFileSync("rm", ["-rf", probe]);
  }
}

function unmount(target: string) {
  try {
    execFileSync("umount", [target], { stdio: "pipe" });
  } catch {
    execFileSync("umount", ["-l", target], { stdio: "pipe" });
  }
}

/** A docs folder with one document, indexed into `indexDir` (which may be a mount point). */
async function indexedFolder(mountIndex: { sizeKb: number } | null) {
  const root = await mkdtemp(path.join(tmpdir(), "docent-disk-faults-"));
  folders.push(root);
  const docsDir = path.join(root, "docs");
  const indexDir = path.join(root, "index");
  await mkdir(indexDir, { recursive: true });
  if (mountIndex) {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${mountIndex.sizeKb}k`, "tmpfs", indexDir]);
    mounts.push(indexDir);
  }
  await writeFiles(docsDir, {
    "lighthouse.md": "# Lighthouse\n\nThe lighthouse keeper's logbook is kept in the tower.\n",
  });
  const env = { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir };
  const first = await runDocent(["ingest"], { env });
  expect(first.code, first.stderr).toBe(0);
  await writeFiles(docsDir, generatedNotes(150));
  return { root, docsDir, indexDir, env, current: await readFile(path.join(indexDir, "CURRENT"), "utf8") };
}

/** `docent search` on the current generation still finds the original document. */
async function expectServing(indexDir: string, current: string) {
  expect(await readFile(path.join(indexDir, "CURRENT"), "utf8")).toBe(current);
  const search = await runDocent([
    "search",
    "--json",
    "--index",
    indexDir,
    "the lighthouse keeper's logbook",
  ]);
  expect(search.code, search.stderr).toBe(0);
  const results = (JSON.parse(search.stdout) as { results: Array<{ source: string }> }).results;
  expect(results[0]?.source).toBe("lighthouse.md");
}

function expectClearFailure(run: DocentRun, indexDir: string, cause: RegExp) {
  expect(run.code, run.stderr).toBe(1);
  const message = run.stderr.split("\n").find((line) => line.startsWith("docent: ")) ?? "";
  expect(message, run.stderr).toContain(`index folder ${indexDir}`);
  expect(message).toMatch(cause);
  expect(message).toContain("The current index is unchanged");
  expect(run.stderr).not.toContain("unexpected error");
  expect(run.stderr).not.toMatch(/^\s+at /m);
  console.log(`ingest exit ${run.code}: ${message}`);
}

async function partialFolders(indexDir: string): Promise<string[]> {
  return (await readdir(path.join(indexDir, "generations"))).filter((name) => name.startsWith("."));
}

describe("an ingest that cannot write its index", () => {
  it.skipIf(mountSkipReason !== undefined)(
    `disk full: exit 1 naming the folder, the old generation serves, the next run after freeing space succeeds${mountSkipReason ? ` (skipped: ${mountSkipReason})` : ""}`,
    async () => {
      const { indexDir, env, current } = await indexedFolder({ sizeKb: 8 * 1024 });
      // Fill the disk, leaving 32 KiB: enough for the lock, far too little for the new generation.
      const free = statfsSync(indexDir);
      const filler = path.join(indexDir, "filler.bin");
      writeFileSync(filler, Buffer.alloc(Math.max(0, free.bavail * free.bsize - 32 * 1024)));

      const full = await runDocent(["ingest"], { env });
      expectClearFailure(full, indexDir, /disk holding the index folder .* is full \(ENOSPC\)/);
      expect(full.stderr, "the lock fits; writing the generation fails").toContain("writing");
      await expectServing(indexDir, current);
      expect(await partialFolders(indexDir)).toEqual([]);

      await rm(filler);
      const after = await runDocent(["ingest", "--json"], { env });
      expect(after.code, after.stderr).toBe(0);
      expect(JSON.parse(after.stdout)).toMatchObject({ added: 150, unchanged: 1 });
    },
    120_000,
  );

  it.skipIf(mountSkipReason !== undefined)(
    `disk full during a reindex from chat: the admin's reply says the disk is full, the log has the details${mountSkipReason ? ` (skipped: ${mountSkipReason})` : ""}`,
    async () => {
      const { docsDir, indexDir, current } = await indexedFolder({ sizeKb: 8 * 1024 });
      const config = loadConfig({
        environment: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir, LOG_LEVEL: "silent" },
        envFile: null,
      });
      const service = await createAnswerService(config, silentLogger);
      const logger = createRecordingLogger();
      const core = createChatCore({
        platforms: chatPlatforms,
        config,
        service,
        logger,
        ingestCommand,
        ingestEnv,
      });
      try {
        const free = statfsSync(indexDir);
        writeFileSync(
          path.join(indexDir, "filler.bin"),
          Buffer.alloc(Math.max(0, free.bavail * free.bsize - 32 * 1024)),
        );
        const result = await core.reindex(null);
        expect(result.outcome).toBe("failed");
        expect(result.failure).toMatchObject({ code: "INGEST_FAILED", kind: "disk-full" });
        const reply = describeReindexResult(result);
        expect(reply).toBe(
          "The re-index did not finish: the disk holding the index is full. Free some space, then re-index again. " +
            "The previous documents are still being used; the log has the details.",
        );
        expect(reply).not.toContain(indexDir);
        const logged = logger.entries.find((entry) => entry.message === "reindex finished");
        expect(logged?.fields).toMatchObject({
          outcome: "failed",
          failure: "INGEST_FAILED",
          failureKind: "disk-full",
        });
        await expectServing(indexDir, current);
      } finally {
        await core.close();
        await service.close();
      }
    },
    120_000,
  );

  it.skipIf(mountSkipReason !== undefined)(
    `read-only file system: exit 1 naming the folder, the old generation serves${mountSkipReason ? ` (skipped: ${mountSkipReason})` : ""}`,
    async () => {
      const { indexDir, env, current } = await indexedFolder({ sizeKb: 8 * 1024 });
      execFileSync("mount", ["-o", "remount,ro", indexDir]);

      const readOnly = await runDocent(["ingest"], { env });
      expectClearFailure(readOnly, indexDir, /is on a read-only file system \(EROFS\)/);
      await expectServing(indexDir, current);

      execFileSync("mount", ["-o", "remount,rw", indexDir]);
      const after = await runDocent(["ingest"], { env });
      expect(after.code, after.stderr).toBe(0);
    },
    120_000,
  );

  it("a folder this user may not write: exit 1 naming the folder, the old generation serves", async () => {
    const { root, indexDir, env, current } = await indexedFolder(null);
    // Root ignores permissions, so as root the CLI runs as the unprivileged user "nobody" (uid 65534).
    const asNobody = isRoot ? { uid: 65534, gid: 65534 } : undefined;
    if (asNobody) {
      await chmod(root, 0o755);
      for (const name of await readdir(path.join(root, "docs"), { recursive: true }))
        chmodSync(path.join(root, "docs", name), 0o755);
    }
    await chmod(indexDir, 0o555);
    try {
      const denied = await runAs(["ingest"], env, asNobody, root);
      expectClearFailure(denied, indexDir, /is read-only for this user \(permission denied\) \(EACCES\)/);
    } finally {
      await chmod(indexDir, 0o755);
    }
    await expectServing(indexDir, current);
  }, 120_000);
});

/** The CLI from its sources (as run-docent does), optionally as another user, with its own HOME. */
function runAs(
  args: string[],
  env: Record<string, string>,
  user: { uid: number; gid: number } | undefined,
  home: string,
): Promise<DocentRun> {
  const loader = pathToFileURL(path.join(projectRoot, "node_modules/tsx/dist/loader.mjs")).href;
  const entry = path.join(projectRoot, "test/helpers/docent-entry.ts");
  const child = spawn(process.execPath, ["--import", loader, entry, ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? "", HOME: home, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...user,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => {
    stdout += data.toString();
  });
  child.stderr.on("data", (data: Buffer) => {
    stderr += data.toString();
  });
  return new Promise((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}
