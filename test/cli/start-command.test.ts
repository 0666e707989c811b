import { existsSync } from "node:fs";
import { chmod } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../adapters/slack/fake-slack-api.js";
import { sendEvent, signingSecret } from "../adapters/slack/signed-requests.js";
import { waitFor } from "../adapters/slack/slack-harness.js";
import { projectRoot, runDocent, startDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { runDocentInTerminal, terminalSkipReason } from "./run-in-terminal.js";

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
    // The scope trap: the sample's hr and engineering folders are scopes no conversation may search yet.
    expect(stderr).toContain("Slack and Discord cannot search the scopes engineering, hr (11 documents)");

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

describe("docent start without a chat platform", () => {
  it("fails with a sentence when there is no terminal either (a container without tokens), before any work", async () => {
    const state = await makeTempFolder();
    const run = await runDocent(["start"], {
      env: {
        DOCENT_DOCS_DIR: path.join(projectRoot, "data/docs"),
        DOCENT_INDEX_DIR: path.join(state, "index"),
        DOCENT_STATE_DIR: path.join(state, "state"),
        PATH: state, // no `docent` on the PATH: in the project folder, the commands it names are `npx docent ...`
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "docent: No chat platform is configured, and there is no terminal for the console chat. Set SLACK_BOT_TOKEN " +
        "(with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET) and/or DISCORD_TOKEN (with DISCORD_APPLICATION_ID) in .env " +
        "or the environment; to chat in a console, run `npx docent start` in a terminal or `npx docent chat`.\n",
    );
    expect(existsSync(path.join(state, "index"))).toBe(false);
  });

  it.skipIf(terminalSkipReason !== "")(
    `in a terminal, the banner names the command that works where it runs${terminalSkipReason}`,
    async () => {
      const folder = await makeTempFolder();
      const env = {
        DOCENT_DOCS_DIR: path.join(projectRoot, "data/docs"),
        DOCENT_INDEX_DIR: path.join(folder, "index"),
        DOCENT_STATE_DIR: path.join(folder, "state"),
      };
      const elsewhere = await runDocentInTerminal(["start"], { env, cwd: folder, input: "/quit\n" });
      expect(elsewhere.stdout).toContain(`run \`node ${path.join(projectRoot, "bin/docent.js")} ingest\``);
      await writeFiles(folder, { "bin/docent": "#!/bin/sh\n" });
      await chmod(path.join(folder, "bin/docent"), 0o755);
      const onPath = await runDocentInTerminal(["start"], {
        env: { ...env, PATH: `${path.join(folder, "bin")}:${process.env.PATH}` },
        cwd: folder,
        input: "/quit\n",
      });
      expect(onPath.stdout).toContain("run `docent ingest`");
      const inProject = await runDocentInTerminal(["start"], { env, input: "/quit\n" });
      expect(inProject.stdout).toContain("run `npx docent ingest`");
    },
    60_000,
  );
});
