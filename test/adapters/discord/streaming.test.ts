import { afterEach, describe, expect, it } from "vitest";
import { createFakeChatCore, handbookCitation } from "../../helpers/fake-chat-core.js";
import { waitFor } from "./fake-discord.js";
import { world } from "./fake-discord-payloads.js";
import { startTestBot, type TestBot } from "./start-test-bot.js";

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const sentence = (index: number) => `Step ${index} of the procedure is described in the runbook [1].`;
const code = `\`\`\`sh\n${Array.from({ length: 30 }, (_, line) => `kubectl rollout status deploy/api-${line}`).join("\n")}\n\`\`\``;
const longAnswer = [
  Array.from({ length: 20 }, (_, index) => sentence(index)).join(" "),
  code,
  Array.from({ length: 20 }, (_, index) => sentence(index + 20)).join(" "),
  Array.from({ length: 20 }, (_, index) => sentence(index + 40)).join(" "),
].join("\n\n");

const messageEdits = (bot: TestBot) =>
  bot.discord.calls.filter(
    (call) => call.method === "PATCH" && call.path.startsWith(`/channels/${world.channelId}/`),
  );

describe("Discord streaming and long answers", () => {
  it("splits an answer over 2,000 characters at paragraph and code-block boundaries, buttons on the last part", async () => {
    expect(longAnswer.length).toBeGreaterThan(4000);
    const core = createFakeChatCore();
    core.script({ kind: "answer", text: longAnswer, citations: [handbookCitation] });
    bot = await startTestBot(core);
    const question = bot.discord.post({
      author: world.alice,
      content: "How do I roll back?",
      mentionBot: true,
    });
    const parts = await waitFor(() => {
      const posted = bot?.discord.botMessagesIn(world.channelId) ?? [];
      return posted.at(-1)?.components.length ? posted : undefined;
    });
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) {
      expect(part.content.length).toBeLessThanOrEqual(2000);
      expect((part.content.match(/^```/gm)?.length ?? 0) % 2).toBe(0);
    }
    expect(parts.some((part) => part.content.includes(code))).toBe(true);
    expect(parts.map((part) => part.content).join("\n\n")).toBe(
      `${longAnswer}\n\n**Sources**\n[1] [public/holidays-2026.md](<https://docs.example.com/public/holidays-2026.md>) (Public holidays)`,
    );
    expect(parts.slice(0, -1).every((part) => part.components.length === 0)).toBe(true);
    // Each part replies to the one before, the first to the question: a reply to any part leads back to it.
    expect(parts.map((part) => part.message_reference?.message_id)).toEqual([
      question.id,
      ...parts.slice(0, -1).map((part) => part.id),
    ]);
  });

  it("streams by editing one message, at most about once a second, and ends with the full answer", async () => {
    const core = createFakeChatCore();
    const deltas = Array.from({ length: 12 }, (_, index) => `Part ${index} of the answer. `);
    core.script({
      kind: "answer",
      text: `${deltas.join("").trim()} [1]`,
      citations: [handbookCitation],
      deltas,
      deltaPauseMs: 250,
    });
    bot = await startTestBot(core);
    bot.discord.post({ author: world.alice, content: "Tell me everything", mentionBot: true });
    const reply = await waitFor(() =>
      bot?.discord.botMessagesIn(world.channelId).find((m) => m.components.length),
    );
    expect(reply.content.startsWith("Part 0 of the answer. Part 1")).toBe(true);
    expect(reply.content).toContain("Part 11 of the answer. [1]\n\n**Sources**");
    const posts = bot.discord.calls.filter(
      (call) => call.method === "POST" && call.path.endsWith("/messages"),
    );
    expect(posts).toHaveLength(1);
    const edits = messageEdits(bot);
    expect(edits.length).toBeGreaterThanOrEqual(1);
    const times = [posts[0]?.at ?? 0, ...edits.map((edit) => edit.at)];
    for (let index = 1; index < times.length; index++) {
      expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(800);
    }
  });

  it("waits out a REST 429 on an edit and still delivers the whole answer", async () => {
    const core = createFakeChatCore();
    const deltas = ["The rollback ", "takes two ", "commands ", "[1]."];
    core.script({
      kind: "answer",
      text: "The rollback takes two commands [1].",
      citations: [handbookCitation],
      deltas,
      deltaPauseMs: 100,
    });
    bot = await startTestBot(core);
    bot.discord.failNext({
      method: "PATCH",
      path: /^\/channels\/\d+\/messages\/\d+$/,
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 0.5, global: false },
      headers: { "retry-after": "0.5", "x-ratelimit-scope": "user" },
    });
    bot.discord.post({ author: world.alice, content: "How do I roll back?", mentionBot: true });
    const reply = await waitFor(() =>
      bot?.discord.botMessagesIn(world.channelId).find((m) => m.components.length),
    );
    expect(reply.content.startsWith("The rollback takes two commands [1].\n\n**Sources**")).toBe(true);
    const statuses = messageEdits(bot).map((edit) => edit.status);
    expect(statuses[0]).toBe(429);
    expect(statuses.at(-1)).toBe(200);
    expect(bot.discord.botMessagesIn(world.channelId)).toHaveLength(1);
  });
});
