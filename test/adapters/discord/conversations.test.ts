import { afterEach, describe, expect, it } from "vitest";
import { createFakeChatCore } from "./fake-chat-core.js";
import { waitFor } from "./fake-discord.js";
import { world } from "./fake-discord-payloads.js";
import { startTestBot, type TestBot } from "./start-test-bot.js";

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe("Discord conversations", () => {
  it("answers a mention in a guild channel with a reply that cites its sources", async () => {
    const core = createFakeChatCore();
    bot = await startTestBot(core);
    const question = bot.discord.post({
      author: world.alice,
      content: "When are the public holidays?",
      mentionBot: true,
    });
    const reply = await waitFor(() =>
      bot?.discord.botMessagesIn(world.channelId).find((m) => m.components.length > 0),
    );
    expect(reply.message_reference?.message_id).toBe(question.id);
    expect(reply.content).toContain("Holidays are listed in the handbook [1].");
    expect(reply.content).toContain(
      "[1] [public/holidays-2026.md](<https://docs.example.com/public/holidays-2026.md>)",
    );
    expect(core.questions[0]?.text).toBe("When are the public holidays?");
    expect(core.questions[0]?.conversation).toMatchObject({
      platform: "discord",
      channelId: world.channelId,
      isDirectMessage: false,
      userId: world.alice.id,
      roleIds: [],
    });
  });
});
