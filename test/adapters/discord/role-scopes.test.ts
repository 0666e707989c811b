import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnswerService, createAnswerService } from "../../../src/answer/answer-service.js";
import { createChatCore } from "../../../src/chat-core/create-chat-core.js";
import { chatPlatforms } from "../../../src/cli/chat-platforms.js";
import { loadConfig } from "../../../src/config/config.js";
import { silentLogger } from "../../../src/logging/logger.js";
import { projectRoot, runDocent } from "../../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../../helpers/temp-folder.js";
import { waitFor } from "./fake-discord.js";
import { world } from "./fake-discord-payloads.js";
import { startTestBot, type TestBot } from "./start-test-bot.js";

/**
 * The real chat core over the sample documents in data/docs, with an access file that gives the HR role the "hr"
 * scope in direct messages only. Every hr sample question is asked by a member without the role (in a DM) and by
 * a member with it in a guild channel: neither answer may show an hr source. The member with the role asking in
 * a DM does get one.
 */
const hrQuestions = (
  JSON.parse(readFileSync(path.join(projectRoot, "test/fixtures/sample-questions.json"), "utf8")) as {
    questions: Array<{ question: string; scope: string | null }>;
  }
).questions
  .filter((sample) => sample.scope === "hr")
  .map((sample) => sample.question);

let folder = "";
let service: AnswerService | undefined;
let bot: TestBot | undefined;

beforeAll(async () => {
  folder = await makeTempFolder("docent-discord-scopes-");
  const indexDir = path.join(folder, "index");
  const docsDir = path.join(projectRoot, "data/docs");
  const ingest = await runDocent(["ingest", "--json", "--docs", docsDir, "--index", indexDir]);
  if (ingest.code !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
  await writeFiles(folder, {
    "access.yaml": `discord:\n  roles:\n    "${world.hrRoleId}": [hr]\n  roleScopesIn: [direct-messages]\n`,
  });
  const config = loadConfig({
    environment: {
      DOCENT_DOCS_DIR: docsDir,
      DOCENT_INDEX_DIR: indexDir,
      DOCENT_ACCESS_FILE: path.join(folder, "access.yaml"),
      DOCENT_STATE_DIR: path.join(folder, "state"),
      DOCENT_USER_QUESTIONS_PER_MINUTE: "0",
      LOG_LEVEL: "silent",
    },
    envFile: null,
  });
  service = await createAnswerService(config, silentLogger);
  bot = await startTestBot(
    createChatCore({ platforms: chatPlatforms, config, service, logger: silentLogger }),
  );
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await service?.close();
  if (folder !== "") await rm(folder, { recursive: true, force: true });
});

/** The finished answers (those with feedback buttons) the bot posted in a channel. */
const finished = (channelId: string) =>
  (bot?.discord.botMessagesIn(channelId) ?? []).filter((posted) => posted.components.length > 0);

describe("Discord role scopes with the real chat core and data/docs", () => {
  it("never shows an hr source to a member without the HR role, nor in a channel, for any hr sample question", async () => {
    const discord = bot?.discord;
    if (discord === undefined) throw new Error("bot not started");
    expect(hrQuestions.length).toBeGreaterThan(5);
    let dmChannelId = "";
    for (const question of hrQuestions) {
      dmChannelId = discord.directMessage(world.alice, question).channel_id;
      discord.post({ author: world.hannah, content: question, mentionBot: true });
    }
    await waitFor(() => finished(dmChannelId).length === hrQuestions.length, Number.POSITIVE_INFINITY);
    await waitFor(() => finished(world.channelId).length === hrQuestions.length, Number.POSITIVE_INFINITY);
    const shown = JSON.stringify([
      ...discord.botMessagesIn(dmChannelId),
      ...discord.botMessagesIn(world.channelId),
    ]);
    expect(shown).toContain("public/");
    expect(shown).not.toContain("hr/");
  }, 120_000);

  it("shows hr sources to a member with the HR role in a direct message", async () => {
    const answer = await answerInDirectMessage(world.hannah, hrQuestions[0] ?? "");
    expect(answer, lookupWarnings()).toContain("hr/");
  }, 120_000);

  it("tries a failed member lookup once more, so that a passing failure does not narrow the member's scopes", async () => {
    // Four 500s use up discord.js' own attempts (one and three retries); the lookup's second try gets the member.
    bot?.discord.failNext({ ...memberLookup(world.hannah.id), times: 4 });
    const answer = await answerInDirectMessage(world.hannah, hrQuestions[1] ?? "");
    expect(answer, lookupWarnings()).toContain("hr/");
    expect(memberLookups(world.hannah.id).map((call) => call.status)).toEqual([500, 500, 500, 500, 200]);
  }, 120_000);

  it("logs a lookup that fails twice at warn with its reason; the question gets no role scopes", async () => {
    bot?.discord.failNext({ ...memberLookup(world.hannah.id), times: 8 });
    const answer = await answerInDirectMessage(world.hannah, hrQuestions[2] ?? "");
    expect(answer).not.toContain("hr/");
    expect(bot?.logs.filter((entry) => entry.level === "warn")).toContainEqual(
      expect.objectContaining({
        message: "discord member lookup failed; this question gets no role scopes from that server",
        fields: expect.objectContaining({
          userId: world.hannah.id,
          reason: expect.stringMatching(/HTTP 500/),
        }),
      }),
    );
  }, 120_000);
});

const memberPath = (userId: string) => new RegExp(`^/guilds/${world.guildId}/members/${userId}$`);

function memberLookup(userId: string) {
  return {
    method: "GET",
    path: memberPath(userId),
    status: 500,
    body: { message: "500: Internal Server Error" },
  };
}

/** The member lookups the fake answered since the last direct message was sent (see answerInDirectMessage). */
let lookupsBefore = 0;
function memberLookups(userId: string) {
  const calls = (bot?.discord.calls ?? []).filter((call) => memberPath(userId).test(call.path));
  return calls.slice(lookupsBefore);
}

/** The bot's warnings, shown when an expectation fails (a failed member lookup explains a missing scope). */
function lookupWarnings(): string {
  return JSON.stringify(bot?.logs.filter((entry) => entry.level === "warn") ?? []);
}

/**
 * Sends a direct message and waits for the bot's finished answer to it (the message with the feedback buttons),
 * however long the machine takes: the test's own timeout is the only limit, as the answer is what it needs.
 */
async function answerInDirectMessage(author: typeof world.hannah, question: string): Promise<string> {
  const discord = bot?.discord;
  if (discord === undefined) throw new Error("bot not started");
  lookupsBefore = discord.calls.filter((call) => memberPath(author.id).test(call.path)).length;
  const channelId = world.dmChannelIds.get(author.id);
  const before = channelId === undefined ? 0 : finished(channelId).length;
  const sent = discord.directMessage(author, question);
  const answers = await waitFor(
    () => (finished(sent.channel_id).length > before ? finished(sent.channel_id) : undefined),
    Number.POSITIVE_INFINITY,
  );
  return answers.at(-1)?.content ?? "";
}
