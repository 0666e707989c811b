import { describe, expect, it } from "vitest";
import { createFakeChatCore, handbookCitation, makeAnswer } from "../../helpers/fake-chat-core.js";
import { botUserId, type FakeSlack } from "./fake-slack-api.js";
import { nextMessageTs, sendCommand, sendEvent } from "./signed-requests.js";
import { settle, startSlackHarness, waitFor } from "./slack-harness.js";

/**
 * Text from a document or a model is never allowed to notify anyone: Markdown links to anything but http(s) and
 * mailto targets are shown as plain text, on every path an answer takes to Slack (native streaming, posted and
 * updated messages, the slash command's response_url).
 */
const hostileAnswer = [
  "Ask [everyone](!channel) or [the boss](@U0CEO) or [the team](!subteam^S0TEAM) [1].",
  "Also [here](<!here>), [a user](<@U0CEO>) and [a channel](#C0SECRET).",
  "The [leave policy](https://intranet.example.com/leave) and [HR](mailto:hr@example.com) are links.",
].join("\n\n");

const pingPatterns = [/<!channel/, /<!here/, /<!subteam/, /<@U0CEO/, /<#C0SECRET/, /\]\((?!https?:|mailto:)/];

function expectNoPings(fake: FakeSlack) {
  const everything = JSON.stringify(fake.calls);
  for (const pattern of pingPatterns) expect(everything, String(pattern)).not.toMatch(pattern);
}

const answerCore = () =>
  createFakeChatCore({
    reply: () => ({
      kind: "answer",
      questionId: "q1",
      answerId: "a1",
      answer: makeAnswer(hostileAnswer, [handbookCitation]),
    }),
  });

const mention = () => ({
  type: "app_mention",
  user: "U0ALICE",
  text: `<@${botUserId}> who do I ask?`,
  ts: nextMessageTs(),
  channel: "C0PUBLIC",
});

describe("answers cannot ping anyone in Slack", () => {
  it("streamed natively: non-web link targets become plain text", async () => {
    const { fake, port } = await startSlackHarness({ core: answerCore() });
    await sendEvent(port, mention());
    await waitFor(() => fake.callsOf("chat.stopStream").length === 1);
    await settle();
    const streamed = fake.calls
      .filter((call) => /^chat\.(start|append|stop)Stream$/.test(call.method))
      .flatMap((call) => (call.args.chunks ?? []) as Array<{ text: string }>)
      .map((chunk) => chunk.text)
      .join("");
    expect(streamed).toContain(
      "Ask everyone or the boss or the team [1].\n\nAlso here, a user and a channel.",
    );
    expect(streamed).toContain(
      "The [leave policy](https://intranet.example.com/leave) and [HR](mailto:hr@example.com)",
    );
    expectNoPings(fake);
  });

  it("posted and updated messages, and the slash command's reply: the same", async () => {
    const { fake, port } = await startSlackHarness({
      core: answerCore(),
      slack: { streaming: false, threadStatus: false },
    });
    await sendEvent(port, mention());
    await waitFor(() => fake.callsOf("reactions.remove").length === 1);
    await sendCommand(port, {
      command: "/docent",
      text: "ask --post who do I ask?",
      user_id: "U0ALICE",
      channel_id: "C0PUBLIC",
      response_url: fake.responseUrl("ask"),
    });
    await waitFor(() => fake.callsOf("response_url").length === 1);
    const posted = fake.callsOf("chat.update").at(-1)?.args.text;
    expect(posted).toContain("Ask everyone or the boss or the team [1].\n\nAlso here, a user and a channel.");
    expect(posted).toContain(
      "The <https://intranet.example.com/leave|leave policy> and <mailto:hr@example.com|HR>",
    );
    expectNoPings(fake);
  });
});
