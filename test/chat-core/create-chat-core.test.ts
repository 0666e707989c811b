import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiscordSettings } from "../../src/adapters/discord/discord-settings.js";
import type { ChatCore, ChatReply, Conversation } from "../../src/chat-core/chat-core.js";
import { createChatCore } from "../../src/chat-core/create-chat-core.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { DocentError, isDocentError } from "../../src/errors.js";
import { silentLogger } from "../../src/logging/logger.js";
import { readFeedback } from "../../src/shared-state/feedback-file.js";
import { type ChatFixture, createChatFixture, createFixtureCore } from "./chat-fixture.js";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const salaryQuestions = [
  "When is the salary band review?",
  "Which salary bands exist for engineers?",
  "Who runs the salary band review in March?",
  "What is the highest salary band?",
  "Salary bands E1 to E6",
];
let fixture: ChatFixture;
let core: ChatCore;

beforeAll(async () => {
  fixture = await createChatFixture();
  core = createFixtureCore(fixture);
});
afterAll(async () => {
  await rm(fixture.folder, { recursive: true, force: true });
});

async function answerOf(conversation: Conversation, text: string) {
  const reply = await core.ask({ conversation, text, history: [] });
  if (reply.kind !== "answer") throw new Error(`refused: ${reply.reason}`);
  return reply;
}
const citedScopes = (reply: Extract<ChatReply, { kind: "answer" }>) =>
  [...new Set(reply.answer.citations.map((citation) => citation.scope))].sort();

describe("createChatCore: ask and scopes", () => {
  it("answers with ids, the conversation's scopes and cited sources", async () => {
    const conversation = {
      platform: "slack",
      channelId: "CHR",
      isDirectMessage: false,
      userId: "U1",
    } as const;
    const reply = await answerOf(conversation, "When is the salary band review?");
    expect(reply.questionId).toMatch(uuid);
    expect(reply.answerId).toMatch(uuid);
    expect(reply.answerId).not.toBe(reply.questionId);
    expect(reply.answer.scopes).toEqual(["public", "hr"]);
    expect(reply.answer.outcome).toBe("excerpts");
    expect(reply.answer.citations[0]?.source).toBe("hr/salary-bands.md");
  });

  it("never gives a Slack channel mapped to public, or a DM, an hr source", async () => {
    for (const text of salaryQuestions) {
      for (const conversation of [
        { platform: "slack", channelId: "CGENERAL", isDirectMessage: false, userId: "U1" },
        { platform: "slack", channelId: "D1", isDirectMessage: true, userId: "U1" },
      ] as const) {
        const reply = await answerOf(conversation, text);
        expect(reply.answer.scopes).toEqual(["public"]);
        expect(reply.answer.citations.filter((citation) => citation.scope !== "public")).toEqual([]);
      }
    }
  });

  it("gives a Discord member the role's sources in DMs only, and a member without the role never", async () => {
    const member = (roleIds: string[], channelId = "dm", isDirectMessage = true): Conversation => ({
      platform: "discord",
      channelId,
      isDirectMessage,
      userId: "42",
      roleIds,
    });
    for (const text of salaryQuestions) {
      const without = await answerOf(member(["7002"]), text);
      expect(without.answer.scopes).toEqual(["public"]);
      expect(citedScopes(without).filter((scope) => scope !== "public")).toEqual([]);
      const inChannel = await answerOf(member(["7001"], "1001", false), text);
      expect(inChannel.answer.scopes).toEqual(["public", "engineering"]);
      expect(citedScopes(inChannel).includes("hr")).toBe(false);
    }
    const withRole = await answerOf(member(["7001"]), "When is the salary band review?");
    expect(withRole.answer.scopes).toEqual(["public", "hr"]);
    expect(withRole.answer.citations[0]?.source).toBe("hr/salary-bands.md");
  });

  it("decides admins itself, from the access file and Manage Server: others are refused a reindex, nothing runs", async () => {
    const slackDm = { platform: "slack", channelId: "D1", isDirectMessage: true } as const;
    const allScopes = Object.keys((await core.status()).scopes).sort();
    const scopesSeenBy = async (
      userId: string,
      platform: "slack" | "discord" = "slack",
      managesServer = false,
    ) =>
      Object.keys(
        (await core.status({ conversation: { ...slackDm, platform, userId }, managesServer })).scopes,
      ).sort();
    expect(await scopesSeenBy("UADMIN")).toEqual(allScopes);
    expect(await scopesSeenBy("9001", "discord")).toEqual(allScopes);
    expect(await scopesSeenBy("U1")).not.toEqual(allScopes);
    expect(await core.reindex({ platform: "slack", userId: "U1" })).toMatchObject({
      outcome: "refused",
      summary: null,
    });
    // DISCORD_TOKEN is not set in this configuration, so Manage Server does not count.
    expect(await core.reindex({ platform: "discord", userId: "42", managesServer: true })).toMatchObject({
      outcome: "refused",
    });
    const discord: DiscordSettings = {
      token: "t",
      applicationId: "a",
      apiUrl: undefined,
      guildIds: [],
      replyInThread: false,
      ignoreBots: true,
      adminsByManageServer: true,
    };
    const withDiscord = createFixtureCore(fixture, { ...fixture.config, platforms: { discord } });
    const asDiscordMember = { conversation: { ...slackDm, platform: "discord" as const, userId: "42" } };
    expect(
      Object.keys((await withDiscord.status({ ...asDiscordMember, managesServer: true })).scopes).sort(),
    ).toEqual(allScopes);
    expect(await withDiscord.reindex({ platform: "discord", userId: "42" })).toMatchObject({
      outcome: "refused",
    });
  });

  it("refuses a user's question past the per-minute limit with a friendly sentence, others still ask", async () => {
    const limited = createFixtureCore(fixture, {
      ...fixture.config,
      chat: { ...fixture.config.chat, userQuestionsPerMinute: 2 },
    });
    const asker = { platform: "slack", channelId: "C1", isDirectMessage: false, userId: "UFAST" } as const;
    const kinds: string[] = [];
    for (let index = 0; index < 3; index++) {
      kinds.push(
        (await limited.ask({ conversation: asker, text: "When is the office closed?", history: [] })).kind,
      );
    }
    expect(kinds).toEqual(["answer", "answer", "refused"]);
    expect(await limited.ask({ conversation: asker, text: "Holidays?", history: [] })).toEqual({
      kind: "refused",
      reason: "user-rate-limit",
    });
    const other = { ...asker, userId: "USLOW" };
    expect((await limited.ask({ conversation: other, text: "Holidays?", history: [] })).kind).toBe("answer");
    const sameIdOnDiscord = { ...asker, platform: "discord" as const };
    expect((await limited.ask({ conversation: sameIdOnDiscord, text: "Holidays?", history: [] })).kind).toBe(
      "answer",
    );
  });

  it("reports status from the manifest and the last ingest", async () => {
    const status = await core.status();
    expect(status).toMatchObject({
      documents: 3,
      scopes: { public: 1, hr: 1, engineering: 1 },
      lastIngest: { added: 3, updated: 0, removed: 0, unchanged: 0, failed: 0 },
      reindexRunning: false,
      engine: "extractive",
      queueLength: 0,
    });
    expect(status.generation).toMatch(/^gen-/);
    expect(status.chunks).toBeGreaterThanOrEqual(3);
    expect(Number.isNaN(Date.parse(status.indexBuiltAt ?? ""))).toBe(false);
  });

  it("records feedback votes in the state folder without the question text by default", async () => {
    await core.recordFeedback({
      platform: "discord",
      questionId: "q",
      answerId: "a",
      userId: "42",
      vote: "not-helpful",
      sources: ["public/holidays.md"],
      questionText: "When is the office closed?",
    });
    const { records } = await readFeedback(fixture.config.chat.stateDir);
    expect(records.map(({ recordedAt, ...rest }) => rest)).toEqual([
      {
        platform: "discord",
        questionId: "q",
        answerId: "a",
        userId: "42",
        vote: "not-helpful",
        sources: ["public/holidays.md"],
      },
    ]);
  });

  it("marks events seen once per platform", async () => {
    expect(await core.markEventSeen("slack", "Ev1")).toBe(true);
    expect(await core.markEventSeen("slack", "Ev1")).toBe(false);
    expect(await core.markEventSeen("discord", "Ev1")).toBe(true);
  });

  it("fails at creation on a corrupt access file, naming the file and the key", async () => {
    const file = path.join(fixture.folder, "broken-access.yaml");
    await writeFile(file, "discord:\n  roles:\n    '7001': hr\n");
    const create = () =>
      createChatCore({
        platforms: chatPlatforms,
        config: { ...fixture.config, chat: { ...fixture.config.chat, accessFile: file } },
        service: fixture.service,
        logger: silentLogger,
      });
    expect(create).toThrow(DocentError);
    try {
      create();
    } catch (error) {
      expect(isDocentError(error, "CONFIG_INVALID")).toBe(true);
      expect((error as Error).message).toMatch(
        new RegExp(`^Invalid access file ${file.replaceAll(".", "\\.")}\\. Fix discord\\.roles\\.7001: `),
      );
    }
  });
});
