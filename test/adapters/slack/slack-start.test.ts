import { describe, expect, it } from "vitest";
import { startSlackAdapter } from "../../../src/adapters/slack/start-slack-adapter.js";
import { findClosedPort } from "../../embeddings/fake-embedding-server.js";
import { createRecordingLogger } from "../../embeddings/recording-logger.js";
import { createFakeChatCore } from "../../helpers/fake-chat-core.js";
import { startFakeSlack } from "./fake-slack-api.js";
import { slackTestSettings } from "./signed-requests.js";
import { startSlackHarness } from "./slack-harness.js";

const startedLine = (logs: ReturnType<typeof createRecordingLogger>) =>
  logs.entries.find((entry) => entry.message === "slack adapter started")?.fields;

describe("starting the Slack adapter", () => {
  it("binds the HTTP listener to SLACK_HTTP_HOST (every IPv4 interface when unset)", async () => {
    const local = createRecordingLogger();
    await startSlackHarness({ core: createFakeChatCore(), settings: { host: "127.0.0.1" }, logger: local });
    expect(startedLine(local)).toMatchObject({ mode: "http", host: "127.0.0.1" });
    const everywhere = createRecordingLogger();
    await startSlackHarness({ core: createFakeChatCore(), logger: everywhere });
    expect(startedLine(everywhere)).toMatchObject({ mode: "http", host: "0.0.0.0" });
  });

  for (const mode of ["HTTP events", "Socket Mode"]) {
    it(`fails at once, naming the host and auth.test, when Slack's Web API is unreachable (${mode})`, async () => {
      const port = await findClosedPort();
      const extra = mode === "Socket Mode" ? { appToken: "xapp-1-test", signingSecret: undefined } : {};
      const starting = startSlackAdapter({
        settings: slackTestSettings(`http://127.0.0.1:${port}/api/`, extra),
        core: createFakeChatCore(),
        logger: createRecordingLogger(),
      });
      await expect(starting).rejects.toMatchObject({
        name: "DocentError",
        message: expect.stringMatching(
          new RegExp(
            `^Could not reach Slack's Web API at 127\\.0\\.0\\.1:${port} \\(auth\\.test: connect ECONNREFUSED`,
          ),
        ),
      });
      await expect(starting).rejects.toMatchObject({ message: expect.stringContaining("SLACK_API_URL") });
    });
  }

  it("fails at once naming SLACK_BOT_TOKEN when Slack refuses the token", async () => {
    const fake = await startFakeSlack();
    try {
      fake.failNext({ method: "auth.test", body: { ok: false, error: "invalid_auth" } });
      const starting = startSlackAdapter({
        settings: slackTestSettings(fake.apiUrl),
        core: createFakeChatCore(),
        logger: createRecordingLogger(),
      });
      await expect(starting).rejects.toMatchObject({
        code: "CONFIG_INVALID",
        message: expect.stringContaining("Slack refused SLACK_BOT_TOKEN (auth.test at 127.0.0.1:"),
      });
      expect(fake.calls.map((call) => call.method)).toEqual(["auth.test"]);
    } finally {
      await fake.stop();
    }
  });
});
