import { afterEach, describe, expect, it } from "vitest";
import { createFakeChatCore, handbookCitation } from "../../helpers/fake-chat-core.js";
import { waitFor } from "./fake-discord.js";
import { world } from "./fake-discord-payloads.js";
import type { RecordedCall } from "./fake-discord-rest.js";
import { startTestBot, type TestBot } from "./start-test-bot.js";

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const callsFor = (bot: TestBot, token: string): RecordedCall[] =>
  bot.discord.calls.filter((call) => call.path.includes(token));

const lastEdit = (bot: TestBot, token: string, text: string) =>
  waitFor(() =>
    callsFor(bot, token).find(
      (call) => call.method === "PATCH" && String(call.body?.content ?? "").includes(text),
    ),
  );

describe("Discord slash commands", () => {
  it("/ask defers at once (only the asker sees it), then edits the deferred reply with the answer", async () => {
    const core = createFakeChatCore();
    core.script({
      kind: "answer",
      text: "Holidays are listed [1].",
      citations: [handbookCitation],
      deltas: ["Holidays ", "are listed [1]."],
    });
    bot = await startTestBot(core);
    const { token } = bot.discord.command({
      name: "ask",
      author: world.hannah,
      options: [{ name: "question", type: 3, value: "When are the public holidays?" }],
    });
    const final = await lastEdit(bot, token, "**Sources**");
    const calls = callsFor(bot, token);
    expect(calls[0]?.path).toMatch(/\/callback$/);
    expect(calls[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(final.path).toBe(`/webhooks/${world.applicationId}/${token}/messages/@original`);
    expect(final.body?.content).toContain("Holidays are listed [1].");
    expect(((final.body?.components ?? []) as unknown[]).length).toBe(1);
    expect(core.questions[0]?.conversation).toEqual({
      platform: "discord",
      channelId: world.channelId,
      isDirectMessage: false,
      userId: world.hannah.id,
      roleIds: [world.hrRoleId],
    });
  });

  it("/ask post:true answers for everyone, with the overflow of a long answer as follow-ups", async () => {
    const core = createFakeChatCore();
    const long = Array.from({ length: 3 }, (_, index) => `${`Paragraph ${index} `.repeat(120)}[1].`).join(
      "\n\n",
    );
    core.script({ kind: "answer", text: long, citations: [handbookCitation] });
    bot = await startTestBot(core);
    const { token } = bot.discord.command({
      name: "ask",
      author: world.alice,
      options: [
        { name: "question", type: 3, value: "Tell me a lot" },
        { name: "post", type: 5, value: true },
      ],
    });
    const followUps = await waitFor(() => {
      const posted = callsFor(bot as TestBot, token).filter(
        (call) => call.method === "POST" && !call.path.endsWith("/callback"),
      );
      return posted.some((call) => ((call.body?.components ?? []) as unknown[]).length > 0)
        ? posted
        : undefined;
    });
    expect(callsFor(bot, token)[0]?.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(followUps.every((call) => String(call.body?.content).length <= 2000 && !call.body?.flags)).toBe(
      true,
    );
  });

  it("/status shows the index to the asker only", async () => {
    bot = await startTestBot(createFakeChatCore());
    const { token } = bot.discord.command({ name: "status", author: world.alice });
    const reply = await lastEdit(bot, token, "docent status");
    expect(callsFor(bot, token)[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(reply.body?.content).toContain(
      "Documents: 20, passages: 140: public (12 documents, 90 passages), hr (8 documents, 50 passages)",
    );
    expect(reply.body?.content).toContain("Engine: extractive");
  });

  it("/reindex by a member with Manage Server runs the reindex and shows the summary", async () => {
    const core = createFakeChatCore();
    bot = await startTestBot(core);
    const { token } = bot.discord.command({ name: "reindex", author: world.max });
    const summary = await lastEdit(bot, token, "Re-index done");
    expect(core.reindexRuns).toBe(1);
    expect(callsFor(bot, token)[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(summary.body?.content).toBe(
      "Re-index done in 1.2 s: 1 added, 0 updated, 0 removed, 19 unchanged; 141 passages. Now serving gen-0002.",
    );
  });

  it("/reindex by a non-admin is refused with a fixed sentence and runs nothing", async () => {
    const core = createFakeChatCore();
    bot = await startTestBot(core);
    const { token } = bot.discord.command({ name: "reindex", author: world.alice });
    // The core refuses (the adapter does not decide): the deferred, private reply says so.
    const refusal = await lastEdit(bot, token, "only administrators");
    expect(callsFor(bot, token)[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(refusal.body?.content).toBe("Sorry, only administrators can do that.");
    expect(core.reindexRuns).toBe(0);
  });

  it("/reindex by an admin from the access list without Manage Server is allowed", async () => {
    const core = createFakeChatCore({ admins: [world.hannah.id] });
    bot = await startTestBot(core);
    const { token } = bot.discord.command({ name: "reindex", author: world.hannah });
    await lastEdit(bot, token, "Re-index done");
    expect(core.reindexRuns).toBe(1);
  });
});
