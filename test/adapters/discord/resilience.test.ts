import { afterEach, describe, expect, it } from "vitest";
import { startDiscordAdapter } from "../../../src/adapters/discord/start-discord-adapter.js";
import { silentLogger } from "../../../src/logging/logger.js";
import { findClosedPort } from "../../embeddings/fake-embedding-server.js";
import { createFakeChatCore, engineDown } from "../../helpers/fake-chat-core.js";
import { type FakeDiscord, startFakeDiscord, waitFor } from "./fake-discord.js";
import { world } from "./fake-discord-payloads.js";
import { startTestBot, type TestBot, testToken } from "./start-test-bot.js";

let bot: TestBot | undefined;
let bare: FakeDiscord | undefined;
afterEach(async () => {
  await bot?.stop();
  await bare?.close();
  bot = undefined;
  bare = undefined;
});

const answerIn = (channelId: string, text: string) =>
  waitFor(() => bot?.discord.botMessagesIn(channelId).find((posted) => posted.content.includes(text)));

describe("Discord failures and reconnection", () => {
  it("turns an engine failure into the fixed sentence; the details go to the log only", async () => {
    const core = createFakeChatCore();
    core.script({ kind: "throw", error: engineDown });
    bot = await startTestBot(core);
    bot.discord.post({ author: world.alice, content: "When are the public holidays?", mentionBot: true });
    const reply = await answerIn(world.channelId, "not reachable");
    expect(reply.content).toBe("The language model is not reachable right now.");
    expect(reply.components).toEqual([]);
    const everything = JSON.stringify(bot.discord.calls.map((call) => call.body));
    expect(everything).not.toContain("ECONNREFUSED");
    const logged = bot.logs.find((entry) => entry.level === "error" && entry.fields.err !== undefined);
    expect(logged?.fields.err).toMatchObject({
      name: "DocentError",
      code: engineDown.code,
      message: engineDown.message,
    });
  });

  it("posts a refusal from the core (rate limit) as it is", async () => {
    const core = createFakeChatCore();
    core.script({ kind: "refused", reason: "user-rate-limit" });
    bot = await startTestBot(core);
    const { token } = bot.discord.command({
      name: "ask",
      author: world.alice,
      options: [{ name: "question", type: 3, value: "again?" }],
    });
    await waitFor(() =>
      bot?.discord.calls.find(
        (call) => call.path.includes(token) && String(call.body?.content).startsWith("You're asking"),
      ),
    );
  });

  it("acknowledges heartbeats, resumes after the gateway closes, replays what it missed and keeps answering", async () => {
    const core = createFakeChatCore();
    bot = await startTestBot(core);
    const discord = bot.discord;
    await waitFor(() => discord.gateway.heartbeats > 0);
    discord.disconnect(4000);
    const missed = discord.post({
      author: world.alice,
      content: "Sent while you were away",
      mentionBot: true,
    });
    await waitFor(() => discord.gateway.resumes.length === 1);
    expect(discord.gateway.resumes[0]?.session_id).toBe("fake-session-1");
    expect(discord.gateway.identifies).toBe(1);
    await waitFor(() =>
      discord
        .botMessagesIn(world.channelId)
        .find((posted) => posted.message_reference?.message_id === missed.id),
    );
    const after = discord.post({ author: world.alice, content: "And after the resume?", mentionBot: true });
    await waitFor(() =>
      discord
        .botMessagesIn(world.channelId)
        .find((posted) => posted.message_reference?.message_id === after.id),
    );
    expect(core.questions.map((question) => question.text)).toEqual([
      "Sent while you were away",
      "And after the resume?",
    ]);
  });

  it("fails at start naming DISCORD_TOKEN when Discord rejects the token", async () => {
    bare = await startFakeDiscord();
    bare.failNext({
      method: "GET",
      path: /^\/gateway\/bot$/,
      status: 401,
      body: { message: "401: Unauthorized", code: 0 },
    });
    await expect(startBare(bare)).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringContaining("DISCORD_TOKEN"),
    });
  });

  it("fails at once naming the host and the network error when Discord cannot be reached", async () => {
    const port = await findClosedPort();
    await expect(startBare({ apiUrl: `http://127.0.0.1:${port}/api` } as FakeDiscord)).rejects.toMatchObject({
      message: expect.stringMatching(
        new RegExp(
          `^Could not reach Discord at 127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED .*\\): check the network`,
        ),
      ),
    });
  });

  it("fails at start naming the Message Content intent when Discord refuses it (close code 4014)", async () => {
    bare = await startFakeDiscord({ closeOnIdentify: 4014 });
    await expect(startBare(bare)).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringContaining("Message Content Intent"),
    });
  });

  it("registers the commands globally when no guild is listed", async () => {
    bot = await startTestBot(createFakeChatCore(), { guildIds: [] });
    const registered = bot.discord.calls.find((call) => call.method === "PUT");
    expect(registered?.path).toBe(`/applications/${world.applicationId}/commands`);
  });
});

function startBare(discord: FakeDiscord) {
  return startDiscordAdapter({
    settings: {
      token: testToken,
      applicationId: world.applicationId,
      apiUrl: discord.apiUrl,
      guildIds: [],
      replyInThread: false,
      ignoreBots: true,
      adminsByManageServer: true,
    },
    core: createFakeChatCore(),
    logger: silentLogger,
  });
}
