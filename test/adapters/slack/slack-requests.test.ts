import { describe, expect, it } from "vitest";
import { DocentError, friendlyMessage } from "../../../src/errors.js";
import { busySentence } from "../../../src/rendering/reply-sentences.js";
import { createFakeChatCore } from "../../helpers/fake-chat-core.js";
import { botUserId } from "./fake-slack-api.js";
import { nextMessageTs, sendAction, sendCommand, sendEvent } from "./signed-requests.js";
import { settle, startSlackHarness, waitFor } from "./slack-harness.js";

const mention = () => ({
  type: "app_mention",
  user: "U0ALICE",
  text: `<@${botUserId}> holidays?`,
  ts: nextMessageTs(),
  channel: "C0PUBLIC",
});

describe("Slack request verification", () => {
  it("rejects a bad signature and a stale or future timestamp with 401 and processes nothing", async () => {
    const core = createFakeChatCore();
    const { fake, port } = await startSlackHarness({ core });
    const forged = await sendEvent(port, mention(), { secret: "not-the-signing-secret" });
    const stale = await sendEvent(port, mention(), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    // Correctly signed, but dated ten minutes ahead: a request recorded now could be replayed for 15 minutes.
    const future = await sendEvent(port, mention(), { timestamp: Math.floor(Date.now() / 1000) + 10 * 60 });
    const forgedCommand = await sendCommand(
      port,
      {
        command: "/docent",
        text: "status",
        user_id: "U0ALICE",
        channel_id: "C1",
        response_url: fake.responseUrl("x"),
      },
      { secret: "wrong" },
    );
    expect([forged.status, stale.status, future.status, forgedCommand.status]).toEqual([401, 401, 401, 401]);
    await settle();
    expect(core.questions).toHaveLength(0);
    expect(fake.callsOf()).toEqual([]);
  });
});

describe("Slack slash command", () => {
  it("acknowledges `ask` at once while a slow core works, then answers ephemerally through response_url", async () => {
    const core = createFakeChatCore({
      reply: async () => {
        await new Promise((resolve) => setTimeout(resolve, 4000));
        return { kind: "refused", reason: "queue-full" } as const;
      },
    });
    const { fake, port } = await startSlackHarness({ core });
    const ack = await sendCommand(port, {
      command: "/docent",
      text: "ask how many holidays?",
      user_id: "U0ALICE",
      channel_id: "C0PUBLIC",
      response_url: fake.responseUrl("ask"),
    });
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);
    await waitFor(() => fake.callsOf("response_url").length === 1);
    expect(fake.callsOf("response_url")[0]?.args).toMatchObject({
      response_type: "ephemeral",
      text: busySentence,
    });
  });

  it("posts for everyone with `ask --post`, naming who asked", async () => {
    const core = createFakeChatCore();
    const { fake, port } = await startSlackHarness({ core });
    await sendCommand(port, {
      command: "/docent",
      text: "ask --post holidays?",
      user_id: "U0ALICE",
      channel_id: "C0PUBLIC",
      response_url: fake.responseUrl("post"),
    });
    await waitFor(() => fake.callsOf("response_url").length === 1);
    expect(core.questions[0]?.text).toBe("holidays?");
    const response = fake.callsOf("response_url")[0]?.args;
    expect(response?.response_type).toBe("in_channel");
    expect(JSON.stringify(response?.blocks)).toContain("<@U0ALICE> asked: holidays?");
  });

  it("reports status, and refuses reindex to a non-admin while an admin gets the summary", async () => {
    const core = createFakeChatCore({ admins: ["U0ADMIN"] });
    const { fake, port } = await startSlackHarness({ core });
    const base = { command: "/docent", channel_id: "C0PUBLIC" };
    await sendCommand(port, {
      ...base,
      text: "status",
      user_id: "U0ALICE",
      response_url: fake.responseUrl("status"),
    });
    await waitFor(() => fake.callsOf("response_url").length === 1);
    expect(String(fake.callsOf("response_url")[0]?.args.text)).toContain("Index: gen-0001");
    // The command is acknowledged at once; the core decides who may re-index and the reply comes by response_url.
    const refused = await sendCommand(port, {
      ...base,
      text: "reindex",
      user_id: "U0ALICE",
      response_url: fake.responseUrl("r1"),
    });
    expect(refused.status).toBe(200);
    await waitFor(() => fake.callsOf("response_url").length === 2);
    expect(fake.callsOf("response_url")[1]?.args.text).toBe(
      friendlyMessage(new DocentError("NOT_ALLOWED", "x")),
    );
    expect(core.reindexRuns).toBe(0);
    await sendCommand(port, {
      ...base,
      text: "reindex",
      user_id: "U0ADMIN",
      response_url: fake.responseUrl("r2"),
    });
    await waitFor(() => fake.callsOf("response_url").length === 4);
    expect(String(fake.callsOf("response_url")[2]?.args.text)).toContain("Re-indexing started");
    expect(core.reindexRuns).toBe(1);
    expect(String(fake.callsOf("response_url")[3]?.args.text)).toContain("Now serving gen-0002");
  });
});

describe("Slack feedback and failures", () => {
  it("records a feedback click with ids, user, vote and sources, and shows the vote", async () => {
    const core = createFakeChatCore();
    const { fake, port } = await startSlackHarness({ core });
    const value = JSON.stringify({ q: "q9", a: "a9", s: ["public/holidays-2026.md"] });
    const message = {
      ts: nextMessageTs(),
      text: "There are 11",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "There are 11" } },
        { type: "actions", block_id: "docent_feedback", elements: [] },
      ],
    };
    const clicked = await sendAction(port, {
      type: "block_actions",
      team: { id: "T0001" },
      user: { id: "U0ALICE" },
      api_app_id: "A0001",
      token: "verification-token",
      trigger_id: "1.2.3",
      container: { type: "message", message_ts: message.ts, channel_id: "C0PUBLIC" },
      channel: { id: "C0PUBLIC" },
      message,
      response_url: fake.responseUrl("vote"),
      actions: [
        {
          type: "button",
          action_id: "docent_feedback_not_helpful",
          block_id: "docent_feedback",
          value,
          action_ts: "1",
        },
      ],
    });
    expect(clicked.status).toBe(200);
    await waitFor(() => fake.callsOf("response_url").length === 1);
    expect(core.votes).toEqual([
      {
        platform: "slack",
        userId: "U0ALICE",
        vote: "not-helpful",
        questionId: "q9",
        answerId: "a9",
        sources: ["public/holidays-2026.md"],
      },
    ]);
    const shown = fake.callsOf("response_url")[0]?.args;
    expect(shown?.replace_original).toBe(true);
    expect(JSON.stringify(shown?.blocks)).toContain("Marked not helpful");
    expect(JSON.stringify(shown?.blocks)).not.toContain("docent_feedback");
  });

  it("shows the fixed friendly sentence when the engine fails; no error details reach Slack", async () => {
    const failure = new DocentError(
      "ENGINE_UNAVAILABLE",
      "connect ECONNREFUSED 127.0.0.1:11434 (secret-host)",
    );
    const core = createFakeChatCore({
      reply: () => {
        throw failure;
      },
    });
    const { fake, port } = await startSlackHarness({ core });
    await sendEvent(port, mention());
    await sendCommand(port, {
      command: "/docent",
      text: "ask holidays?",
      user_id: "U0ALICE",
      channel_id: "C0PUBLIC",
      response_url: fake.responseUrl("fail"),
    });
    await waitFor(
      () => fake.callsOf("response_url").length === 1 && fake.callsOf("chat.postMessage").length === 1,
    );
    await settle();
    const everything = JSON.stringify(fake.calls);
    expect(everything).toContain(friendlyMessage(failure));
    expect(everything).not.toMatch(/ECONNREFUSED|secret-host|11434/);
  });
});
