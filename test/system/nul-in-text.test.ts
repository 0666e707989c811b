import path from "node:path";
import { describe, expect, it } from "vitest";
import { createAnswerService } from "../../src/answer/answer-service.js";
import { createChatCore } from "../../src/chat-core/create-chat-core.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { loadConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/logging/logger.js";
import { createPostgresSharedState } from "../../src/shared-state/postgres-shared-state.js";
import { createRecordingLogger } from "../embeddings/recording-logger.js";
import { postgresSkipReason, useTemporaryPostgres } from "../helpers/postgres-server.js";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

/**
 * U+0000 where text meets PostgreSQL, whose text type cannot hold it: a question with a NUL got "something went
 * wrong" in Slack (the file store answered it), `docent search` printed a stack trace and dropped the lines after
 * it, a NUL in an event id was logged as "database unreachable", and a document with a NUL past its first 8 KB
 * failed the whole pgvector ingest. The real CLI, chat core and shared state against a real PostgreSQL.
 */
const server = useTemporaryPostgres();

async function pgvectorFolder(schema: string, extra: Record<string, string> = {}) {
  const folder = await makeTempFolder("docent-nul-");
  const docsDir = path.join(folder, "docs");
  await writeFiles(docsDir, {
    "public/parking.md":
      "# Parking\n\nVisitor parking is in the garage under the north building, level two.\n",
    "public/vacation.md": "# Vacation\n\nEveryone gets twenty-five vacation days a year.\n",
    ...extra,
  });
  const env = {
    VECTOR_STORE: "pgvector",
    DATABASE_URL: server().url,
    DOCENT_DATABASE_SCHEMA: schema,
    DOCENT_DOCS_DIR: docsDir,
    DOCENT_INDEX_DIR: path.join(folder, "index-unused"),
    DOCENT_STATE_DIR: path.join(folder, "state"),
  };
  const ingest = await runDocent(["ingest", "--json"], { env });
  expect(ingest.code, ingest.stderr).toBe(0);
  expect(JSON.parse(ingest.stdout)).toMatchObject({ added: 2 + Object.keys(extra).length, failed: [] });
  return env;
}

describe.skipIf(postgresSkipReason !== undefined)("NUL characters on their way into PostgreSQL", () => {
  it("ingests a document with a NUL past its first 8 KB (not taken for a binary file) and finds its text", async () => {
    const env = await pgvectorFolder("nul_document", {
      "public/long-notes.md": `# Notes\n\n${"The cafeteria opens at eight. ".repeat(300)}\u0000 The gym opens at six.\n`,
    });
    const run = await runDocent(["search", "--json", "When does the gym open?"], { env });
    expect(run.code, run.stderr).toBe(0);
    const { results } = JSON.parse(run.stdout) as { results: Array<{ source: string; text: string }> };
    expect(results[0]?.source).toBe("public/long-notes.md");
    expect(results[0]?.text).toContain("\uFFFD The gym opens at six.");
  }, 120_000);

  it("searches every line of standard input, one with a NUL too", async () => {
    const env = await pgvectorFolder("nul_search");
    const run = await runDocent(["search", "--json"], { env, input: "parking \u0000\nvacation\n" });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { results: Array<{ source: string }> });
    expect(lines.map((line) => line.results[0]?.source)).toEqual(["public/parking.md", "public/vacation.md"]);
  }, 120_000);

  it("answers a chat question with a NUL", async () => {
    const env = await pgvectorFolder("nul_chat");
    const config = loadConfig({
      environment: { ...env, DOCENT_USER_QUESTIONS_PER_MINUTE: "0" },
      envFile: null,
    });
    const service = await createAnswerService(config, silentLogger);
    const core = createChatCore({ platforms: chatPlatforms, config, service, logger: silentLogger });
    try {
      const conversation = {
        platform: "slack",
        channelId: "D1",
        isDirectMessage: true,
        userId: "U1",
      } as const;
      const reply = await core.ask({ conversation, text: "Where is visitor\u0000 parking?", history: [] });
      expect(reply.kind).toBe("answer");
      if (reply.kind === "answer") expect(reply.answer.citations[0]?.source).toBe("public/parking.md");
    } finally {
      await core.close();
      await service.close();
    }
  }, 120_000);

  it("keeps event ids and votes with a NUL in the database (it fell back to memory as 'database unreachable')", async () => {
    const logger = createRecordingLogger();
    const state = await createPostgresSharedState({
      url: server().url,
      schema: "nul_state",
      keepText: true,
      logger,
    });
    try {
      expect(await state.seenEvents.markSeen("slack:Ev1\u0000")).toBe(true);
      expect(await state.seenEvents.markSeen("slack:Ev1\u0000")).toBe(false);
      await state.feedback.record({
        platform: "slack",
        questionId: "q\u00001",
        answerId: "a-1",
        userId: "U\u00001",
        vote: "helpful",
        sources: ["public/parking.md"],
        questionText: "Where is visitor\u0000 parking?",
      });
      expect((await state.feedback.readAll()).records).toMatchObject([
        { questionId: "q\uFFFD1", userId: "U\uFFFD1", questionText: "Where is visitor\uFFFD parking?" },
      ]);
      expect(logger.entries.filter((entry) => entry.level === "warn")).toEqual([]);
    } finally {
      await state.close();
    }
  }, 120_000);
});
