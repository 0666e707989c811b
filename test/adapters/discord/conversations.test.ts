import { afterEach, describe, expect, it } from "vitest";
import { createFakeChatCore, handbookCitation } from "../../helpers/fake-chat-core.js";
import { waitFor } from "./fake-discord.js";
import { type StoredMessage, world } from "./fake-discord-payloads.js";
import { startTestBot, type TestBot } from "./start-test-bot.js";

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

function answered(channelId: string, count = 1): Promise<StoredMessage[]> {
  return waitFor(() => {
    const withButtons = bot?.discord
      .botMessagesIn(channelId)
      .filter((posted) => posted.components.length > 0);
    return withButtons !== undefined && withButtons.length >= count ? withButtons : undefined;
  });
}

describe("Discord conversations", () => {
  it("registers the slash commands in the listed guild and answers a mention with a reply citing its sources", async () => {
    const core = createFakeChatCore();
    bot = await startTestBot(core);
    const registered = bot.discord.calls.find((call) => call.method === "PUT");
    expect(registered?.path).toBe(`/applications/${world.applicationId}/guilds/${world.guildId}/commands`);
    expect(
      ((registered?.body ?? []) as unknown as Array<{ name: string }>).map((command) => command.name),
    ).toEqual(["ask", "status", "reindex"]);

    const question = bot.discord.post({
      author: world.alice,
      content: "When are the public holidays?",
      mentionBot: true,
    });
    const [reply] = await answered(world.channelId);
    expect(reply?.message_reference?.message_id).toBe(question.id);
    expect(reply?.content).toBe(
      "There are **11** paid holidays in 2026 [1].\n\n**Sources**\n[1] [public/holidays-2026.md](<https://docs.example.com/public/holidays-2026.md>) (Public holidays)",
    );
    expect(core.questions[0]?.text).toBe("When are the public holidays?");
    expect(core.questions[0]?.history).toEqual([]);
    expect(core.questions[0]?.conversation).toEqual({
      platform: "discord",
      channelId: world.channelId,
      isDirectMessage: false,
      userId: world.alice.id,
      roleIds: [],
    });
    expect(bot.discord.calls.some((call) => call.path === `/channels/${world.channelId}/typing`)).toBe(true);
    const sent = bot.discord.calls.find((call) => call.method === "POST" && call.path.endsWith("/messages"));
    expect(sent?.body?.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it("answers a direct message in the DM, with the asker's roles looked up in the guild", async () => {
    const core = createFakeChatCore();
    bot = await startTestBot(core);
    const question = bot.discord.directMessage(world.hannah, "How much parental leave do I get?");
    const [reply] = await answered(question.channel_id);
    expect(reply?.message_reference?.message_id).toBe(question.id);
    expect(core.questions[0]?.conversation).toEqual({
      platform: "discord",
      channelId: question.channel_id,
      isDirectMessage: true,
      userId: world.hannah.id,
      roleIds: [world.hrRoleId],
    });
    expect(
      bot.discord.calls.some((call) => call.path === `/guilds/${world.guildId}/members/${world.hannah.id}`),
    ).toBe(true);
  });

  it("answers in a thread it starts, then follow-ups in that thread without a mention, with the thread as history", async () => {
    const core = createFakeChatCore();
    bot = await startTestBot(core, { replyInThread: true });
    const question = bot.discord.post({
      author: world.alice,
      content: "When are the public holidays?",
      mentionBot: true,
    });
    const threadId = question.id;
    await answered(threadId);
    expect(
      bot.discord.calls.some(
        (call) => call.path === `/channels/${world.channelId}/messages/${threadId}/threads`,
      ),
    ).toBe(true);
    bot.discord.post({ author: world.max, content: "Is the winter break included?", channelId: threadId });
    await answered(threadId, 2);
    bot.discord.post({ author: world.alice, content: "And in December?", channelId: threadId });
    await answered(threadId, 3);

    expect(core.questions.map((question) => question.text)).toEqual([
      "When are the public holidays?",
      "Is the winter break included?",
      "And in December?",
    ]);
    const followUp = core.questions[2];
    expect(followUp?.conversation.channelId).toBe(world.channelId);
    expect(followUp?.history).toEqual([
      { author: "user", text: "When are the public holidays?" },
      { author: "assistant", text: "There are **11** paid holidays in 2026 [1]." },
      { author: "other", name: "Max", text: "Is the winter break included?" },
      { author: "assistant", text: "There are **11** paid holidays in 2026 [1]." },
    ]);
  });

  it("answers a reply to one of its answers without a mention, with the reply chain as history", async () => {
    const core = createFakeChatCore();
    bot = await startTestBot(core);
    bot.discord.post({ author: world.alice, content: "When are the public holidays?", mentionBot: true });
    const [first] = await answered(world.channelId);
    bot.discord.post({ author: world.alice, content: "Does that include Boxing Day?", replyTo: first });
    await answered(world.channelId, 2);
    expect(core.questions[1]?.text).toBe("Does that include Boxing Day?");
    expect(core.questions[1]?.history).toEqual([
      { author: "user", text: "When are the public holidays?" },
      { author: "assistant", text: "There are **11** paid holidays in 2026 [1]." },
    ]);
  });

  it("ignores its own messages, other bots, system messages and messages not meant for it", async () => {
    const core = createFakeChatCore();
    bot = await startTestBot(core);
    bot.discord.post({
      author: world.bot,
      content: `<@${world.bot.id}> talking to myself`,
      mentionBot: true,
    });
    bot.discord.post({ author: world.otherBot, content: "ping", mentionBot: true });
    bot.discord.post({ author: world.alice, content: "pinned a message", mentionBot: true, type: 6 });
    bot.discord.post({ author: world.alice, content: "lunch, anyone?" });
    const bare = bot.discord.post({ author: world.alice, content: "", mentionBot: true });
    const hint = await waitFor(() =>
      bot?.discord
        .botMessagesIn(world.channelId)
        .find((posted) => posted.message_reference?.message_id === bare.id),
    );
    expect(hint.content).toBe(
      "Mention me with a question about the company documents, and I'll answer with sources.",
    );
    bot.discord.post({ author: world.alice, content: "When are the public holidays?", mentionBot: true });
    await answered(world.channelId);
    expect(core.questions.map((question) => question.text)).toEqual(["When are the public holidays?"]);
  });

  it("records Helpful / Not helpful with the answer's ids and sources", async () => {
    const core = createFakeChatCore();
    bot = await startTestBot(core);
    bot.discord.post({ author: world.alice, content: "When are the public holidays?", mentionBot: true });
    const [reply] = await answered(world.channelId);
    const row = reply?.components[0] as { components: Array<{ custom_id: string; label: string }> };
    expect(row.components.map((button) => button.label)).toEqual(["Helpful", "Not helpful"]);
    const interaction = bot.discord.pressButton(
      world.hannah,
      reply as StoredMessage,
      row.components[1]?.custom_id ?? "",
    );
    await waitFor(() => core.votes.length === 1);
    expect(core.votes[0]).toEqual({
      platform: "discord",
      questionId: "q1",
      answerId: "a1",
      userId: world.hannah.id,
      vote: "not-helpful",
      sources: [handbookCitation.source],
      // Passed on always; the feedback store keeps it only with DOCENT_LOG_CONTENT=true.
      questionText: "When are the public holidays?",
    });
    const thanks = await waitFor(() => bot?.discord.calls.find((call) => call.path.includes(interaction.id)));
    expect(thanks.body).toMatchObject({ type: 4, data: { content: "Thanks for the feedback.", flags: 64 } });
  });
});
