import { describe, expect, it } from "vitest";
import { createFakeChatCore } from "../../helpers/fake-chat-core.js";
import { botUserId } from "./fake-slack-api.js";
import { eventEnvelope, nextMessageTs } from "./signed-requests.js";
import { startSlackHarness, waitFor } from "./slack-harness.js";

describe("Slack Socket Mode", () => {
  it("answers a mention pushed through a loopback WebSocket, and acknowledges the envelope", async () => {
    const core = createFakeChatCore();
    const { fake, adapter } = await startSlackHarness({
      core,
      settings: { appToken: "xapp-1-test", signingSecret: undefined },
    });
    expect(adapter.port).toBeNull();
    await waitFor(() => fake.socketCount() === 1);
    const ts = nextMessageTs();
    const event = {
      type: "app_mention",
      user: "U0ALICE",
      text: `<@${botUserId}> holidays?`,
      ts,
      channel: "C0PUBLIC",
    };
    fake.pushEnvelope("env-1", eventEnvelope(event));
    await waitFor(() => fake.callsOf("chat.stopStream").length === 1);
    expect(fake.acks).toContain("env-1");
    expect(core.questions[0]?.text).toBe("holidays?");
    expect(fake.callsOf("chat.startStream")[0]?.args).toMatchObject({ channel: "C0PUBLIC", thread_ts: ts });
    expect(fake.callsOf("apps.connections.open")[0]?.token).toBe("xapp-1-test");
  });
});
