import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../adapters/discord/fake-discord.js";
import { world } from "../adapters/discord/fake-discord-payloads.js";
import { startFakeSlack } from "../adapters/slack/fake-slack-api.js";
import { type FakeChatServer, startFakeChatServer } from "../engines/fake-chat-server.js";
import { runDocent } from "../helpers/run-docent.js";
import { writeFiles } from "../helpers/temp-folder.js";

/**
 * `docent doctor` tries what `docent status` only reads: the index, the engine (the item-1 check), Slack's tokens
 * (auth.test; apps.connections.open in Socket Mode) and Discord's (GET /users/@me, /applications/@me), through the
 * real CLI, Bolt's Web API client and discord.js' REST client, against loopback Slack, Discord and Ollama.
 */
let slack: Awaited<ReturnType<typeof startFakeSlack>>;
let discord: FakeDiscord;
let ollama: FakeChatServer;
let env: Record<string, string>;
let folder: string;

beforeAll(async () => {
  [slack, discord, ollama] = await Promise.all([startFakeSlack(), startFakeDiscord(), startFakeChatServer()]);
  folder = await mkdtemp(path.join(tmpdir(), "docent-doctor-"));
  await writeFiles(path.join(folder, "docs"), {
    "public/office.md": "# Office\n\nThe office opens at nine.\n",
  });
  env = {
    DOCENT_DOCS_DIR: path.join(folder, "docs"),
    DOCENT_INDEX_DIR: path.join(folder, "index"),
    DOCENT_STATE_DIR: path.join(folder, "state"),
    LLM_PROVIDER: "ollama",
    LLM_BASE_URL: ollama.url,
    SLACK_BOT_TOKEN: "xoxb-doctor",
    SLACK_APP_TOKEN: "xapp-doctor",
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: "discord-doctor-token",
    DISCORD_APPLICATION_ID: world.applicationId,
    DISCORD_API_URL: `${discord.apiUrl}`,
  };
  expect((await runDocent(["ingest", "--json"], { env })).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await Promise.all([slack.stop(), discord.close(), ollama.close()]);
  await rm(folder, { recursive: true, force: true });
});

describe("docent doctor", () => {
  it("says what works and exits 0 when every check passes", async () => {
    ollama.setModels(["llama2:latest"]);
    const run = await runDocent(["doctor"], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const host = new URL(slack.apiUrl).host;
    expect(run.stdout).toMatch(/^ok {4}Index +gen-\S+ in .+: 1 documents, 1 chunks, built from .+docs$/m);
    expect(run.stdout).toContain(
      `ok    Engine   ollama:llama2: the Ollama server at ${ollama.url} has the model llama2`,
    );
    expect(run.stdout).toContain(
      `ok    Slack    SLACK_BOT_TOKEN works: bot user UBOT in workspace T0001 (auth.test at ${host})`,
    );
    expect(run.stdout).toContain(
      `ok    Slack    SLACK_APP_TOKEN works: Socket Mode can connect (apps.connections.open at ${host})`,
    );
    expect(run.stdout).toContain(
      `ok    Discord  DISCORD_TOKEN works: bot docent (${world.bot.id}) of application ${world.applicationId}`,
    );
    expect(run.stdout).toContain("Every check passed (5).");
    // The tokens were really used, each by its own client.
    expect(slack.calls.filter((call) => call.method === "auth.test").at(-1)?.token).toBe("xoxb-doctor");
    expect(slack.calls.filter((call) => call.method === "apps.connections.open").at(-1)?.token).toBe(
      "xapp-doctor",
    );
    expect(discord.calls.map((call) => `${call.method} ${call.path}`)).toEqual(
      expect.arrayContaining(["GET /users/@me", "GET /applications/@me"]),
    );
    expect(run.stdout).not.toContain("xoxb-doctor");
  }, 60_000);

  it("names each failure and its fix: a refused Slack token, a rejected Discord token, a model not pulled", async () => {
    ollama.setModels(["mistral:latest"]);
    slack.failNext({ method: "auth.test", body: { ok: false, error: "invalid_auth" } });
    discord.failNext({
      method: "GET",
      path: /^\/users\/@me$/,
      status: 401,
      body: { message: "401: Unauthorized", code: 0 },
    });
    const run = await runDocent(["doctor"], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `FAIL  Engine   ollama:llama2: the Ollama server at ${ollama.url} does not have the model llama2 (it has mistral:latest)`,
    );
    expect(run.stdout).toContain("To fix: run `ollama pull llama2` where that server runs");
    expect(run.stdout).toMatch(
      /FAIL {2}Slack {4}Slack refused SLACK_BOT_TOKEN \(auth\.test at 127\.0\.0\.1:\d+: invalid_auth\)/,
    );
    expect(run.stdout).toMatch(
      /FAIL {2}Discord {2}Discord rejected DISCORD_TOKEN \(GET \/users\/@me at 127\.0\.0\.1:\d+: HTTP 401\)/,
    );
    expect(run.stdout).toContain("3 of 4 checks failed.");
  }, 60_000);

  it("reports platforms that are not configured as not checked, and --json holds the same checks", async () => {
    ollama.setModels(["llama2"]);
    const { SLACK_BOT_TOKEN, SLACK_APP_TOKEN, DISCORD_TOKEN, DISCORD_APPLICATION_ID, ...rest } = env;
    const run = await runDocent(["doctor", "--json"], { env: rest });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(true);
    expect(report.checks).toEqual(
      expect.arrayContaining([
        { name: "Slack", ok: null, detail: "not configured (SLACK_BOT_TOKEN is unset)" },
        { name: "Discord", ok: null, detail: "not configured (DISCORD_TOKEN is unset)" },
      ]),
    );
  }, 60_000);
});
