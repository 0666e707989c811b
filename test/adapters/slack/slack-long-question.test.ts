import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { type ChatFixture, createChatFixture, createFixtureCore } from "../../chat-core/chat-fixture.js";
import { botUserId } from "./fake-slack-api.js";
import { nextMessageTs, sendEvent } from "./signed-requests.js";
import { startSlackHarness, waitFor } from "./slack-harness.js";

let fixture: ChatFixture | undefined;
afterEach(async () => {
  await fixture?.service.close();
  if (fixture) await rm(fixture.folder, { recursive: true, force: true });
  fixture = undefined;
});

const mention = (text: string) => ({
  type: "app_mention",
  user: "U0ALICE",
  text: `<@${botUserId}> ${text}`,
  ts: nextMessageTs(),
  channel: "C0PUBLIC",
});

/** What the bot posted in the thread of a question, once the answer was finished. */
async function replyTo(fake: Awaited<ReturnType<typeof startSlackHarness>>["fake"], threadTs: string) {
  await waitFor(() => fake.thread("C0PUBLIC", threadTs).some((message) => message.text !== ""), 30_000);
  await waitFor(() => fake.callsOf("assistant.threads.setStatus").some((call) => call.args.status === ""));
  return fake
    .thread("C0PUBLIC", threadTs)
    .map((message) => message.text)
    .join("\n");
}

describe("a question longer than DOCENT_MAX_QUESTION_CHARS, through Slack and the real chat core", () => {
  it("is refused with a fixed sentence naming the limit; one at the limit is answered", async () => {
    fixture = await createChatFixture({ DOCENT_MAX_QUESTION_CHARS: "4000" });
    const { fake, port } = await startSlackHarness({ core: createFixtureCore(fixture) });
    // Slack messages hold up to 40,000 characters; Slack escapes "<" as "&lt;".
    const long = mention("&lt;".repeat(40_000));
    await sendEvent(port, long);
    expect(await replyTo(fake, long.ts)).toBe(
      "That question is too long for me: please ask it in 4,000 characters or fewer.",
    );
    const atLimit = mention(`When is the office closed? ${"x".repeat(4000 - 27)}`);
    await sendEvent(port, atLimit);
    expect(await replyTo(fake, atLimit.ts)).not.toContain("too long");
  }, 120_000);
});
