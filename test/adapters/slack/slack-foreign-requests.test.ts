import { describe, expect, it } from "vitest";
import { createFakeChatCore } from "../../helpers/fake-chat-core.js";
import { botUserId } from "./fake-slack-api.js";
import {
  eventEnvelope,
  nextMessageTs,
  sendAction,
  sendCommand,
  sendToSlackEndpoint,
} from "./signed-requests.js";
import { settle, startSlackHarness, waitFor } from "./slack-harness.js";

/**
 * Requests correctly signed with this app's signing secret but meant for another app or another workspace (their
 * api_app_id or team differs from what auth.test said at start) are acknowledged and otherwise ignored.
 */
const mention = () => ({
  type: "app_mention",
  user: "U0ALICE",
  text: `<@${botUserId}> holidays?`,
  ts: nextMessageTs(),
  channel: "C0PUBLIC",
});

function sendEnvelope(port: number, overrides: Record<string, unknown>) {
  const envelope = { ...eventEnvelope(mention()), ...overrides };
  return sendToSlackEndpoint(port, JSON.stringify(envelope), "application/json");
}

const otherTeam = {
  team_id: "T0OTHER",
  authorizations: [{ team_id: "T0OTHER", user_id: "UBOT", is_bot: true, is_enterprise_install: false }],
};

describe("Slack requests for another app or workspace", () => {
  it("ignores events, commands and button clicks whose app or team is not this app's, and answers its own", async () => {
    const core = createFakeChatCore();
    const { fake, port } = await startSlackHarness({ core });
    const responses = [
      await sendEnvelope(port, { api_app_id: "A0OTHER" }),
      await sendEnvelope(port, otherTeam),
      await sendCommand(port, {
        command: "/docent",
        text: "ask holidays?",
        user_id: "U0ALICE",
        channel_id: "C0PUBLIC",
        team_id: "T0OTHER",
        api_app_id: "A0001",
        response_url: fake.responseUrl("other-team"),
      }),
      await sendCommand(port, {
        command: "/docent",
        text: "status",
        user_id: "U0ALICE",
        channel_id: "C0PUBLIC",
        api_app_id: "A0OTHER",
        response_url: fake.responseUrl("other-app"),
      }),
      await sendAction(port, {
        type: "block_actions",
        team: { id: "T0OTHER" },
        user: { id: "U0ALICE" },
        api_app_id: "A0001",
        response_url: fake.responseUrl("vote"),
        actions: [
          {
            type: "button",
            action_id: "docent_feedback_helpful",
            block_id: "docent_feedback",
            value: JSON.stringify({ q: "q1", a: "a1", s: [] }),
            action_ts: "1",
          },
        ],
      }),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    await settle(800);
    expect(core.questions).toHaveLength(0);
    expect(core.votes).toHaveLength(0);
    expect(fake.callsOf()).toEqual([]);

    await sendEnvelope(port, {});
    await waitFor(() => core.questions.length === 1);
  });
});
