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

/**
 * Answer text that would ping (@everyone, @here, a role, a user) reaches Discord as written, but every message the
 * bot sends or edits says that it pings nobody: allowed_mentions with nothing to parse and no replied user.
 */
const pings = `@everyone @here <@&${world.hrRoleId}> <@${world.max.id}> read this [1].`;
const long = `${pings}\n\n${"A long paragraph of the answer. ".repeat(90)}\n\n${"More. ".repeat(300)}[1].`;

/** The message payload of a call: the body itself, or the data of an interaction callback. */
function payloadOf(call: RecordedCall): Record<string, unknown> | undefined {
  const body = call.body ?? undefined;
  if (body !== undefined && call.path.endsWith("/callback")) return body.data as Record<string, unknown>;
  return body;
}

function expectNoPings(calls: RecordedCall[]) {
  const sent = calls.filter((call) => typeof payloadOf(call)?.content === "string");
  expect(sent.length).toBeGreaterThan(0);
  for (const call of sent) {
    expect(payloadOf(call)?.allowed_mentions, `${call.method} ${call.path}`).toMatchObject({ parse: [] });
  }
  expect(sent.some((call) => String(payloadOf(call)?.content).includes("@everyone"))).toBe(true);
}

describe("answers cannot ping anyone in Discord", () => {
  it("a mention's reply, its continuation and edits, and /ask with its follow-ups", async () => {
    const core = createFakeChatCore();
    core.script(
      { kind: "answer", text: long, citations: [handbookCitation], deltas: [pings, " more"] },
      { kind: "answer", text: long, citations: [handbookCitation], deltas: [pings] },
    );
    bot = await startTestBot(core);
    bot.discord.post({ author: world.alice, content: "Who should read this?", mentionBot: true });
    await waitFor(() =>
      bot?.discord.botMessagesIn(world.channelId).find((posted) => posted.components.length > 0),
    );
    const { token } = bot.discord.command({
      name: "ask",
      author: world.alice,
      options: [
        { name: "question", type: 3, value: "Who should read this?" },
        { name: "post", type: 5, value: true },
      ],
    });
    await waitFor(() =>
      bot?.discord.calls.find(
        (call) => call.path.includes(token) && call.method === "POST" && Array.isArray(call.body?.components),
      ),
    );
    expectNoPings(bot.discord.calls);
  });
});
