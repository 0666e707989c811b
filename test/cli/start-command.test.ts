import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../adapters/slack/fake-slack-api.js";
import { sendEvent, signingSecret } from "../adapters/slack/signed-requests.js";
import { waitFor } from "../adapters/slack/slack-harness.js";
import { projectRoot, startDocent } from "../helpers/run-docent.js";
import { makeTempFolder } from "../helpers/temp-folder.js";

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

/** The "docent is running" log line, once it has been written. */
function runningLine(stderr: string): { slackPort: number } | undefined {
  const line = stderr.split("\n").find((entry) => entry.includes('"docent is running"'));
  return line === undefined ? undefined : (JSON.parse(line) as { slackPort: number });
}

describe("docent start (npm start) with Slack configured", () => {
  it("indexes the documents when there is no index, serves Slack mentions, and stops cleanly on SIGTERM", async () => {
    fake = await startFakeSlack();
    const state = await makeTempFolder();
    const { child, done } = startDocent(["start"], {
      env: {
        DOCENT_DOCS_DIR: path.join(projectRoot, "data/docs"),
        DOCENT_INDEX_DIR: path.join(state, "index"),
        DOCENT_STATE_DIR: path.join(state, "state"),
        SLACK_BOT_TOKEN: "xoxb-start-test",
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: fake.apiUrl,
        PORT: "0",
        LOG_LEVEL: "info",
      },
    });
    let stderr = "";
    child.stderr?.on("data", (data: Buffer) => {
      stderr += data.toString();
    });
    await waitFor(() => runningLine(stderr) !== undefined || child.exitCode !== null, 60_000);
    const port = runningLine(stderr)?.slackPort ?? 0;
    expect(port, stderr).toBeGreaterThan(0);
    expect(stderr).toContain("No index yet: indexing the documents");

    const ack = await sendEvent(port, {
      type: "app_mention",
      channel: "C0PUBLIC",
      user: "U0ASKER",
      text: "<@UBOT> What is the address of the Halifax office?",
      ts: "1700000001.000100",
    });
    expect(ack.status).toBe(200);
    const answered = () =>
      JSON.stringify(fake?.callsOf() ?? []).includes("public/offices-and-hours.md") &&
      fake?.callsOf().some((call) => call.args.thread_ts === "1700000001.000100") === true;
    await waitFor(answered, 30_000);
    expect(fake.calls.every((call) => call.token === "xoxb-start-test")).toBe(true);

    child.kill("SIGTERM");
    const exit = await done;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain('"shutting down"');
    expect(exit.stderr).not.toContain("xoxb-start-test");
    expect(exit.stderr).not.toContain("Halifax");
    expect(exit.stderr).not.toContain("Barrington");
  }, 90_000);
});
