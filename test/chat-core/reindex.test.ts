import { rename, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatCore, ReindexProgress } from "../../src/chat-core/chat-core.js";
import { indexPaths } from "../../src/index-store/files/index-paths.js";
import { describeReindexResult } from "../../src/rendering/describe-status.js";
import { currentFolder, overwrite } from "../helpers/damaged-index.js";
import { writeFiles } from "../helpers/temp-folder.js";
import { type ChatFixture, createChatFixture, createFixtureCore } from "./chat-fixture.js";

const publicDm = { platform: "slack", channelId: "D1", isDirectMessage: true, userId: "U1" } as const;
let fixture: ChatFixture;
let core: ChatCore;

beforeEach(async () => {
  fixture = await createChatFixture();
  core = createFixtureCore(fixture);
});
afterEach(async () => {
  await rm(fixture.folder, { recursive: true, force: true });
});

/** The sources an answer is given from; none when the reply says the documents don't cover the question. */
async function citedSources(text: string): Promise<string[]> {
  const reply = await core.ask({ conversation: publicDm, text, history: [] });
  if (reply.kind !== "answer") throw new Error("refused");
  if (reply.answer.outcome === "not-covered") return [];
  return reply.answer.citations.map((citation) => citation.source);
}

describe("reindex in a child process", () => {
  it("ingests a changed document, reports progress, and the next question is answered from the new generation", async () => {
    const zeppelinQuestion = "Where does the company zeppelin tour start?";
    expect(await citedSources(zeppelinQuestion)).toEqual([]);
    const before = await core.status();
    await writeFile(
      path.join(fixture.docsDir, "public/holidays.md"),
      "# Office holidays\n\nThe company zeppelin tour starts at the north hangar every summer.\n",
    );
    const progress: ReindexProgress[] = [];
    const result = await core.reindex(null, (event) => progress.push(event));
    expect(result.outcome).toBe("done");
    expect(result.summary).toMatchObject({ added: 0, updated: 1, removed: 0, unchanged: 2, failed: [] });
    expect(result.generation).not.toBe(before.generation);
    expect(result.generation).toMatch(/^gen-/);
    expect(progress[0]).toEqual({ stage: "scanning", done: 0, total: 1 });
    expect(progress.map((event) => event.stage)).toContain("embedding");
    expect(await citedSources(zeppelinQuestion)).toEqual(["public/holidays.md"]);
    const after = await core.status();
    expect(after.generation).toBe(result.generation);
    expect(after.lastIngest).toMatchObject({ added: 0, updated: 1, unchanged: 2, failed: 0 });
  });

  it("says in the admin's reply that it found the index damaged and rebuilt it", async () => {
    const damaged = await currentFolder(fixture.indexDir);
    // The graph's entry point flipped, as the attack run's damaged vectors.hnsw.
    await overwrite(path.join(damaged, "vectors.hnsw"), 52, Buffer.from([0xff, 0xff, 0xff, 0x7f]));
    const result = await core.reindex(null);
    expect(result.outcome).toBe("partial");
    expect(result.summary?.repaired).toMatchObject({
      generation: path.basename(damaged),
      rebuilt: "everything",
    });
    const reply = describeReindexResult(result);
    expect(reply).toContain(
      `Repaired: The index generation ${path.basename(damaged)} was damaged; this run rebuilt the index from the documents.`,
    );
    expect(reply).toMatch(/ {2}damaged: The vector index .*vectors\.hnsw is damaged/);
    expect(await citedSources("When is the office closed on holidays?")).toEqual(["public/holidays.md"]);
  });

  it("keeps the old generation serving when the ingest fails, and says why", async () => {
    const before = await core.status();
    await rename(fixture.docsDir, `${fixture.docsDir}-moved`);
    const result = await core.reindex(null);
    expect(result).toEqual({
      outcome: "failed",
      summary: null,
      generation: before.generation,
      failure: {
        code: "DOCS_NOT_FOUND",
        kind: "documents-not-found",
        message: expect.stringContaining(fixture.docsDir),
      },
    });
    expect(describeReindexResult(result)).toBe(
      "The re-index did not finish: the documents folder was not found. " +
        "The previous documents are still being used; the log has the details.",
    );
    expect(await citedSources("When is the office closed on holidays?")).toEqual(["public/holidays.md"]);
    expect((await core.status()).reindexRunning).toBe(false);
  });

  it("without a chosen folder updates the index from the folder it was built from; another chosen folder is refused", async () => {
    await writeFile(
      path.join(fixture.docsDir, "public/holidays.md"),
      "# Office holidays\n\nThe company zeppelin tour starts at the north hangar every summer.\n",
    );
    // The bot's DOCENT_DOCS_DIR is unset: its default folder is not where the index came from.
    const unset = {
      ...fixture.config,
      docsDir: path.join(fixture.folder, "data/docs"),
      docsDirChosen: false,
    };
    const updated = await createFixtureCore(fixture, unset).reindex(null);
    expect(updated.outcome).toBe("done");
    expect(updated.summary).toMatchObject({ added: 0, updated: 1, removed: 0, unchanged: 2 });

    const elsewhere = path.join(fixture.folder, "elsewhere");
    await writeFiles(elsewhere, { "lunch.md": "# Lunch\n\nLunch is at noon.\n" });
    const chosen = { ...fixture.config, docsDir: elsewhere, docsDirChosen: true };
    const refused = await createFixtureCore(fixture, chosen).reindex(null);
    expect(refused).toMatchObject({
      outcome: "failed",
      generation: updated.generation,
      failure: { code: "INDEX_INCOMPATIBLE", message: expect.stringContaining(`not ${elsewhere}`) },
    });
    expect(await citedSources("Where does the company zeppelin tour start?")).toEqual(["public/holidays.md"]);
  });

  it("publishes what it could and lists the files that failed, such as a huge file (exit status 2)", async () => {
    const smallLimit = createFixtureCore(fixture, fixture.config, { DOCENT_MAX_FILE_MB: "0.001" });
    await writeFile(path.join(fixture.docsDir, "public/huge.md"), `# Huge\n\n${"All work. ".repeat(500)}\n`);
    const result = await smallLimit.reindex(null);
    expect(result.outcome).toBe("partial");
    expect(result.summary?.failed.map((failure) => failure.source)).toEqual(["public/huge.md"]);
    expect(result.summary).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 3 });
    expect(await citedSources("When is the office closed on holidays?")).toEqual(["public/holidays.md"]);
  });

  it("answers a second reindex while one runs with the outcome locked, then runs again once it has finished", async () => {
    const first = core.reindex(null);
    expect(await core.reindex(null)).toMatchObject({ outcome: "locked", summary: null });
    expect((await core.status()).reindexRunning).toBe(true);
    expect((await first).outcome).toBe("done");
    expect((await core.status()).reindexRunning).toBe(false);
    expect((await core.reindex(null)).outcome).toBe("done");
  });

  it("answers locked when the CLI (another process) holds the ingest lock", async () => {
    const lock = indexPaths(fixture.indexDir).lock;
    const owner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    await writeFile(lock, JSON.stringify(owner));
    expect(await core.reindex(null)).toMatchObject({ outcome: "locked" });
    expect((await core.status()).reindexRunning).toBe(false);
  });

  it("stops a running reindex when the bot shuts down: the ingest cancels, the current generation stays", async () => {
    // The child's embeddings go to a loopback server that never answers, so the ingest is surely still running.
    let requests = 0;
    const silent = createServer(() => {
      requests++;
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const closing = createFixtureCore(fixture, fixture.config, {
        EMBEDDINGS_PROVIDER: "openai",
        EMBEDDINGS_BASE_URL: `http://127.0.0.1:${port}/v1`,
        EMBEDDINGS_API_KEY: "sk-test",
        EMBEDDINGS_MODEL: "text-embedding-3-small",
      });
      const before = await closing.status();
      const run = closing.reindex(null);
      await waitUntil(() => requests > 0);
      const started = performance.now();
      await closing.close();
      const result = await run;
      console.log(`reindex stopped ${Math.round(performance.now() - started)} ms after close()`);
      expect(result.outcome).toBe("failed");
      expect(result.failure?.code).toBe("CANCELLED");
      expect(result.generation).toBe(before.generation);
      await expect(closing.reindex(null)).rejects.toMatchObject({ code: "CANCELLED" });
      expect(await citedSources("When is the office closed on holidays?")).toEqual(["public/holidays.md"]);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
