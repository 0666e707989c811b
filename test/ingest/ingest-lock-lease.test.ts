import { readFile, stat, utimes, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runDocent, startDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

async function docsAndIndex() {
  const root = await makeTempFolder();
  const docsDir = path.join(root, "docs");
  const indexDir = path.join(root, "index");
  await writeFiles(docsDir, { "lighthouse.md": "# Lighthouse\n\nThe keeper's logbook is in the tower.\n" });
  return { docsDir, indexDir, lockFile: path.join(indexDir, "ingest.lock") };
}

/** What a one-off container (its own host name) leaves behind when it is killed: a lock nobody renews. */
async function pretendHolderWasOnAnotherHost(lockFile: string): Promise<void> {
  const owner = JSON.parse(await readFile(lockFile, "utf8"));
  const { mtime } = await stat(lockFile);
  await writeFile(lockFile, JSON.stringify({ ...owner, host: "docent-run-4f2a9c" }));
  await utimes(lockFile, mtime, mtime);
}

describe("the ingest lock of a killed run on another host (issue #11, item 6)", () => {
  it("does not block the next ingest: its lease runs out and the next run proceeds", async () => {
    const { docsDir, indexDir, lockFile } = await docsAndIndex();
    let requestArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      requestArrived = resolve;
    });
    const server = createServer(() => requestArrived()); // never answers: the run holds the lock until killed
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { child, done } = startDocent(["ingest"], {
        env: {
          DOCENT_DOCS_DIR: docsDir,
          DOCENT_INDEX_DIR: indexDir,
          EMBEDDINGS_PROVIDER: "openai",
          EMBEDDINGS_BASE_URL: `http://127.0.0.1:${port}/v1`,
          EMBEDDINGS_API_KEY: "sk-test-not-a-real-key",
        },
      });
      await arrived;
      child.kill("SIGKILL");
      expect((await done).signal).toBe("SIGKILL");
    } finally {
      server.closeAllConnections();
      server.close();
    }
    await pretendHolderWasOnAnotherHost(lockFile);

    const next = await runDocent(["ingest", "--json"], {
      env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir },
    });
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout.trim())).toMatchObject({ added: 1 });
  }, 60_000);

  it("takes over at once a lock from another host that nobody renewed for a minute", async () => {
    const { docsDir, indexDir, lockFile } = await docsAndIndex();
    await writeFiles(indexDir, {
      "ingest.lock": JSON.stringify({ pid: 7, host: "docent-run-4f2a9c", startedAt: "2026-01-01T00:00:00Z" }),
    });
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockFile, aMinuteAgo, aMinuteAgo);
    const next = await runDocent(["ingest", "--json"], {
      env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir },
    });
    expect(next.code, next.stderr).toBe(0);
  });
});
