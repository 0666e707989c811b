import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../adapters/discord/fake-discord.js";
import { world } from "../adapters/discord/fake-discord-payloads.js";
import { type FakeSlack, startFakeSlack } from "../adapters/slack/fake-slack-api.js";
import { sendEvent, signingSecret } from "../adapters/slack/signed-requests.js";
import { waitFor } from "../adapters/slack/slack-harness.js";
import { findClosedPort } from "../embeddings/fake-embedding-server.js";
import { runDocent, startDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { tinyHandbook } from "../helpers/tiny-handbook.js";
import { type NetworkCutProxy, startNetworkCutProxy } from "./network-cut-proxy.js";

/**
 * `docent start` that loses the network while it serves (the chat platform behind a relay that stops carrying
 * anything, see network-cut-proxy.ts) still stops on SIGTERM within seconds. Before the fix a Discord bot ran on
 * for over an hour, and a Slack bot with an answer to post stayed up for the Web API client's retries.
 */
const stopBudgetMs = 15_000;

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function documentsFolder(): Promise<Record<string, string>> {
  const folder = await makeTempFolder();
  await writeFiles(path.join(folder, "docs"), tinyHandbook);
  return {
    DOCENT_DOCS_DIR: path.join(folder, "docs"),
    DOCENT_INDEX_DIR: path.join(folder, "index"),
    DOCENT_STATE_DIR: path.join(folder, "state"),
    LOG_LEVEL: "info",
  };
}

/** Starts docent, waits for "docent is running", runs `whileServing`, sends SIGTERM and times the exit. */
async function serveThenStop(env: Record<string, string>, whileServing: (port: number) => Promise<void>) {
  const { child, done } = startDocent(["start"], { env });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let stderr = "";
  child.stderr?.on("data", (data: Buffer) => {
    stderr += data.toString();
  });
  const running = () => stderr.split("\n").find((line) => line.includes('"docent is running"'));
  await waitFor(() => running() !== undefined || child.exitCode !== null, 60_000);
  const line = running();
  expect(line, stderr).toBeDefined();
  await whileServing((JSON.parse(line ?? "{}") as { slackPort: number }).slackPort);
  const signalled = Date.now();
  child.kill("SIGTERM");
  const exited = await Promise.race([
    done.then((run) => ({ run, ms: Date.now() - signalled })),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), stopBudgetMs)),
  ]);
  expect(exited, `still running ${stopBudgetMs / 1000} s after SIGTERM:\n${stderr}`).not.toBeNull();
  return { ms: exited?.ms ?? 0, run: exited?.run, stderr };
}

describe("SIGTERM stops docent within seconds after the network is lost", () => {
  it("Discord: gateway and REST API unreachable", async () => {
    const discord: FakeDiscord = await startFakeDiscord();
    const relay: NetworkCutProxy = await startNetworkCutProxy(Number(new URL(discord.apiUrl).port));
    cleanups.push(
      () => discord.close(),
      () => relay.close(),
    );
    discord.advertiseGateway(`ws://127.0.0.1:${relay.port}/gateway`);
    const { ms, run } = await serveThenStop(
      {
        ...(await documentsFolder()),
        DISCORD_TOKEN: "network-loss-test-token",
        DISCORD_APPLICATION_ID: world.applicationId,
        DISCORD_API_URL: `${relay.url}/api`,
        DISCORD_GUILD_IDS: world.guildId,
      },
      async () => {
        relay.cut();
        await new Promise((resolve) => setTimeout(resolve, 500));
      },
    );
    console.log(`discord, network lost: exited ${ms} ms after SIGTERM with code ${run?.code}`);
    expect(run?.stderr).toContain('"shutting down"');
  }, 120_000);

  it("Slack (HTTP events): an answer waiting on the unreachable Web API", async () => {
    const slack: FakeSlack = await startFakeSlack();
    const relay = await startNetworkCutProxy(Number(new URL(slack.apiUrl).port));
    cleanups.push(
      () => slack.stop(),
      () => relay.close(),
    );
    const { ms, run } = await serveThenStop(
      {
        ...(await documentsFolder()),
        SLACK_BOT_TOKEN: "xoxb-network-loss-test",
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: `${relay.url}/api/`,
        PORT: "0",
      },
      async (port) => {
        relay.cut();
        const ack = await sendEvent(port, {
          type: "app_mention",
          channel: "C0PUBLIC",
          user: "U0ASKER",
          text: "<@UBOT> When does the office open?",
          ts: "1700000001.000100",
        });
        expect(ack.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      },
    );
    console.log(`slack, network lost: exited ${ms} ms after SIGTERM with code ${run?.code}`);
    expect(run?.stderr).toContain('"shutting down"');
  }, 120_000);

  it("Slack unreachable at start: docent start ends at once with one sentence naming the host and auth.test", async () => {
    const port = await findClosedPort();
    const run = await runDocent(["start"], {
      env: {
        ...(await documentsFolder()),
        SLACK_BOT_TOKEN: "xoxb-network-loss-test",
        SLACK_APP_TOKEN: "xapp-network-loss-test",
        SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
      },
    });
    expect(run.code).toBe(1);
    const last = run.stderr.trim().split("\n").at(-1);
    expect(last).toMatch(
      new RegExp(
        `^docent: Could not reach Slack's Web API at 127\\.0\\.0\\.1:${port} \\(auth\\.test: connect ECONNREFUSED`,
      ),
    );
    expect(run.stderr).not.toContain("http request failed");
  }, 120_000);
});
