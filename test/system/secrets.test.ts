import { readFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import {
  type FakeDiscord,
  startFakeDiscord,
  waitFor as waitForDiscord,
} from "../adapters/discord/fake-discord.js";
import { type StoredMessage, world } from "../adapters/discord/fake-discord-payloads.js";
import { type FakeSlack, startFakeSlack } from "../adapters/slack/fake-slack-api.js";
import { eventEnvelope, sendAction, sendEvent } from "../adapters/slack/signed-requests.js";
import { waitFor } from "../adapters/slack/slack-harness.js";
import {
  type FakeEmbeddingServer,
  findClosedPort,
  startFakeEmbeddingServer,
} from "../embeddings/fake-embedding-server.js";
import { type FakeChatServer, startFakeChatServer } from "../engines/fake-chat-server.js";
import { projectRoot, runDocent, startDocent } from "../helpers/run-docent.js";
import { makeTempFolder } from "../helpers/temp-folder.js";
import { askThroughFailingPaths, failEveryReply } from "./failing-platforms.js";

/**
 * The whole flow (ingest, start with Slack and Discord, questions, feedback clicks, stop) at LOG_LEVEL=trace with
 * recognisable fake secrets: no secret, no question text and no document text may reach the logs (stdout and
 * stderr of every process). The same flow with DOCENT_LOG_CONTENT=true shows the question text, so the check is
 * able to fail.
 */
const secrets = {
  SLACK_BOT_TOKEN: "xoxb-SECRET-TEST-slack-bot-0001",
  SLACK_SIGNING_SECRET: "SECRET-TEST-slack-signing-0002",
  LLM_API_KEY: "sk-SECRET-TEST-llm-0003",
  EMBEDDINGS_API_KEY: "sk-SECRET-TEST-embeddings-0004",
  DISCORD_TOKEN: "SECRET-TEST-discord.bot.token-0005",
};
const slackAppToken = "xapp-SECRET-TEST-slack-app-0007";
/** Parts a secret could be logged as (whole, or the body after a provider prefix). */
const secretFragments = [...Object.values(secrets), slackAppToken, "SECRET-TEST"];

const slackQuestion = "What is the street address of the Halifax office?";
const discordQuestion = "How many vacation days do employees get each year?";
const modelAnswer = "Zanzibar-flavoured model answer text [1].";

interface Fakes {
  slack: FakeSlack;
  discord: FakeDiscord;
  engine: FakeChatServer;
  embeddings: FakeEmbeddingServer;
}
let fakes: Fakes | undefined;

afterEach(async () => {
  await fakes?.slack.stop();
  await fakes?.discord.close();
  await fakes?.engine.close();
  await fakes?.embeddings.close();
  fakes = undefined;
});

async function startFakes(): Promise<Fakes> {
  const started = {
    slack: await startFakeSlack(),
    discord: await startFakeDiscord(),
    engine: await startFakeChatServer(),
    embeddings: await startFakeEmbeddingServer(),
  };
  started.engine.script(
    ...Array.from({ length: 20 }, () => ({ kind: "deltas" as const, deltas: modelAnswer.split(/(?<= )/) })),
  );
  return started;
}

function environment(folder: string, started: Fakes, extra: Record<string, string> = {}) {
  return {
    ...secrets,
    DOCENT_DOCS_DIR: path.join(projectRoot, "data/docs"),
    DOCENT_INDEX_DIR: path.join(folder, "index"),
    DOCENT_STATE_DIR: path.join(folder, "state"),
    EMBEDDINGS_PROVIDER: "openai",
    EMBEDDINGS_BASE_URL: `${started.embeddings.url}/v1`,
    EMBEDDINGS_MODEL: "text-embedding-test",
    LLM_PROVIDER: "openai-compatible",
    LLM_BASE_URL: `${started.engine.url}/v1`,
    LLM_MODEL: "test-model",
    SLACK_API_URL: started.slack.apiUrl,
    PORT: "0",
    DISCORD_APPLICATION_ID: world.applicationId,
    DISCORD_API_URL: started.discord.apiUrl,
    DISCORD_GUILD_IDS: world.guildId,
    DOCENT_OPS_PORT: "off",
    LOG_LEVEL: "trace",
    ...extra,
  };
}

function runningLine(stderr: string): { slackPort: number } | undefined {
  const line = stderr.split("\n").find((entry) => entry.includes('"docent is running"'));
  return line === undefined ? undefined : (JSON.parse(line) as { slackPort: number });
}

/** The value of the Helpful button found anywhere in the recorded Slack calls. */
function feedbackValue(started: Fakes, sinceCall = 0): string | undefined {
  const search = (node: unknown): string | undefined => {
    if (typeof node !== "object" || node === null) return undefined;
    const record = node as Record<string, unknown>;
    if (record.action_id === "docent_feedback_helpful" && typeof record.value === "string")
      return record.value;
    for (const child of Object.values(record)) {
      const found = search(child);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return search(started.slack.calls.slice(sinceCall));
}

/** Feedback votes recorded in the state folder. */
async function votes(folder: string): Promise<number> {
  const file = await readFile(path.join(folder, "state", "feedback.jsonl"), "utf8").catch(() => "");
  return file.split("\n").filter((line) => line.trim() !== "").length;
}

/**
 * `docent start`; a Slack mention (HTTP Events API, or Socket Mode with SLACK_APP_TOKEN) and a Discord mention
 * answered; both answers' Helpful buttons clicked (Slack's only over HTTP); SIGTERM.
 */
async function runWholeFlow(
  folder: string,
  started: Fakes,
  options: { socketMode?: boolean; extra?: Record<string, string> } = {},
) {
  const extra = options.socketMode ? { SLACK_APP_TOKEN: slackAppToken, ...options.extra } : options.extra;
  const votesBefore = await votes(folder);
  const callsBefore = started.slack.calls.length;
  const answeredInSlack = () => feedbackValue(started, callsBefore) !== undefined;
  const { child, done } = startDocent(["start"], { env: environment(folder, started, extra) });
  let stderr = "";
  child.stderr?.on("data", (data: Buffer) => {
    stderr += data.toString();
  });
  try {
    await waitFor(() => runningLine(stderr) !== undefined || child.exitCode !== null, 60_000);
    expect(runningLine(stderr), stderr).toBeDefined();
    const threadTs = `${Math.floor(Date.now() / 1000)}.000100`;
    const mention = {
      type: "app_mention",
      channel: "C0PUBLIC",
      user: "U0ASKER",
      text: `<@UBOT> ${slackQuestion}`,
      ts: threadTs,
    };
    if (options.socketMode) {
      await waitFor(() => started.slack.socketCount() > 0, 15_000);
      started.slack.pushEnvelope("envelope-1", eventEnvelope(mention));
      await waitFor(answeredInSlack, 30_000);
    } else {
      const port = runningLine(stderr)?.slackPort ?? 0;
      const ack = await sendEvent(port, mention, { secret: secrets.SLACK_SIGNING_SECRET });
      expect(ack.status).toBe(200);
      await waitFor(answeredInSlack, 30_000);
      const clicked = await sendAction(port, helpfulClick(started, callsBefore, threadTs), {
        secret: secrets.SLACK_SIGNING_SECRET,
      });
      expect(clicked.status).toBe(200);
    }

    started.discord.post({ author: world.alice, content: discordQuestion, mentionBot: true });
    const reply = await waitForDiscord(
      () => started.discord.botMessagesIn(world.channelId).find((posted) => posted.components.length > 0),
      30_000,
    );
    const row = reply.components[0] as { components: Array<{ custom_id: string }> };
    started.discord.pressButton(world.alice, reply as StoredMessage, row.components[0]?.custom_id ?? "");
    const expectedVotes = votesBefore + (options.socketMode ? 1 : 2);
    const deadline = Date.now() + 15_000;
    while ((await votes(folder)) < expectedVotes && Date.now() < deadline) await sleep(50);
    expect(await votes(folder)).toBe(expectedVotes);
  } finally {
    child.kill("SIGTERM");
  }
  const exit = await done;
  expect(exit.code, exit.stderr).toBe(0);
  return exit;
}

/** Slack's block_actions payload for a click on the Helpful button of the answer in the thread. */
function helpfulClick(started: Fakes, sinceCall: number, threadTs: string) {
  return {
    type: "block_actions",
    team: { id: "T0001" },
    user: { id: "U0ASKER" },
    api_app_id: "A0001",
    token: "verification-token",
    trigger_id: "1.2.3",
    container: { type: "message", message_ts: threadTs, channel_id: "C0PUBLIC" },
    channel: { id: "C0PUBLIC" },
    message: { ts: threadTs, text: "answer", blocks: [] },
    response_url: started.slack.responseUrl("vote"),
    actions: [
      {
        type: "button",
        action_id: "docent_feedback_helpful",
        block_id: "docent_feedback",
        value: feedbackValue(started, sinceCall),
        action_ts: "1",
      },
    ],
  };
}

/** Lines of document text the flow handled: chunk texts sent for embedding, sources in the prompts. */
function documentLines(started: Fakes): string[] {
  const texts = [
    ...started.embeddings.requests.flatMap((request) => request.inputs),
    ...started.engine.requests.flatMap((request) =>
      ((request.body.messages ?? []) as Array<{ content: string }>).map((message) => message.content),
    ),
  ];
  const lines = new Set<string>();
  for (const text of texts)
    for (const line of text.split("\n")) {
      const trimmed = line.replace(/^[>#*\-\s[\]0-9.]+/, "").trim();
      if (trimmed.length >= 30) lines.add(trimmed);
    }
  return [...lines];
}

/** Log lines that repeat a key (child loggers adding the same binding twice make JSON with duplicate keys). */
function linesWithRepeatedKeys(output: string): string[] {
  return output.split("\n").filter((line) => {
    if (!line.startsWith("{")) return false;
    const keys = [...line.matchAll(/[{,]"(component|platform|library|level|msg)":/g)].map(
      (match) => match[1],
    );
    return new Set(keys).size !== keys.length;
  });
}

function expectNoSecrets(output: string) {
  for (const fragment of secretFragments) expect(output, fragment).not.toContain(fragment);
}

describe("secrets and content stay out of the logs", () => {
  it("ingest, start with Slack (HTTP, then Socket Mode) and Discord at LOG_LEVEL=trace: no token, question, answer or document text logged", async () => {
    fakes = await startFakes();
    const folder = await makeTempFolder();
    const ingest = await runDocent(["ingest"], { env: environment(folder, fakes) });
    expect(ingest.code, ingest.stderr).toBe(0);
    const flow = await runWholeFlow(folder, fakes);
    const socketFlow = await runWholeFlow(folder, fakes, { socketMode: true });

    // The secrets were really in use: each fake received its own.
    expect(fakes.embeddings.requests[0]?.authorization).toBe(`Bearer ${secrets.EMBEDDINGS_API_KEY}`);
    expect(fakes.engine.requests[0]?.headers.authorization).toBe(`Bearer ${secrets.LLM_API_KEY}`);
    expect(fakes.slack.calls.some((call) => call.token === secrets.SLACK_BOT_TOKEN)).toBe(true);
    expect(fakes.discord.gateway.identifies).toBeGreaterThan(0); // logged in with DISCORD_TOKEN
    // ... and the flow happened: both questions reached the model, both votes were logged.
    const prompts = JSON.stringify(fakes.engine.requests.map((request) => request.body));
    expect(prompts).toContain("Halifax office");
    expect(prompts).toContain("vacation days");

    const output = [ingest, flow, socketFlow].flatMap((run) => [run.stdout, run.stderr]).join("\n");
    expect(output.split("\n").length, "trace logging was on").toBeGreaterThan(20);
    expect(linesWithRepeatedKeys(output)).toEqual([]);
    expectNoSecrets(output);
    expect(output).not.toContain(slackQuestion);
    expect(output).not.toContain(discordQuestion);
    expect(output).not.toContain("Zanzibar");
    const lines = documentLines(fakes);
    expect(lines.length, "document text was handled").toBeGreaterThan(50);
    const leaked = lines.filter((line) => output.includes(line));
    expect(leaked).toEqual([]);
    console.log(
      `secrets test: ${output.split("\n").length} log lines checked against ${secretFragments.length} secret fragments, ` +
        `2 questions, 1 model answer and ${lines.length} distinct lines of document text`,
    );
  }, 180_000);

  it("with DOCENT_LOG_CONTENT=true the question text is logged (so the check above can fail), secrets still not", async () => {
    fakes = await startFakes();
    const folder = await makeTempFolder();
    const ingest = await runDocent(["ingest"], { env: environment(folder, fakes) });
    expect(ingest.code, ingest.stderr).toBe(0);
    const flow = await runWholeFlow(folder, fakes, { extra: { DOCENT_LOG_CONTENT: "true" } });
    const output = [flow.stdout, flow.stderr].join("\n");
    expect(output).toContain(slackQuestion);
    expect(output).toContain(discordQuestion);
    expectNoSecrets(output);
  }, 180_000);

  it("every reply refused by Slack and Discord (403 on a DM, 404 on an /ask edit, ok:false, expired response_url): the failures are logged without question or answer text", async () => {
    fakes = await startFakes();
    const folder = await makeTempFolder();
    const ingest = await runDocent(["ingest"], { env: environment(folder, fakes) });
    expect(ingest.code, ingest.stderr).toBe(0);
    failEveryReply(fakes.slack, fakes.discord);
    const env = environment(folder, fakes, { DISCORD_REPLY_IN_THREAD: "true" });
    const { child, done } = startDocent(["start"], { env });
    let stderr = "";
    child.stderr?.on("data", (data: Buffer) => {
      stderr += data.toString();
    });
    try {
      await waitFor(() => runningLine(stderr) !== undefined || child.exitCode !== null, 60_000);
      expect(runningLine(stderr), stderr).toBeDefined();
      await askThroughFailingPaths({
        slack: fakes.slack,
        slackPort: runningLine(stderr)?.slackPort ?? 0,
        signingSecret: secrets.SLACK_SIGNING_SECRET,
        discord: fakes.discord,
        slackQuestion,
        discordQuestion,
      });
      await sleep(1000);
    } finally {
      child.kill("SIGTERM");
    }
    const run = await done;
    const output = `${run.stdout}\n${run.stderr}`;
    // The model wrote the answers, and the failures were logged.
    expect(JSON.stringify(fakes.engine.requests.map((request) => request.body))).toContain("vacation days");
    expect(output).toContain("discord answer could not be posted");
    expect(fakes.discord.calls.some((call) => call.path.endsWith("/threads") && call.status === 403)).toBe(
      true,
    );
    expect(output).toContain("slack question failed");
    expectNoSecrets(output);
    expect(output).not.toContain(slackQuestion);
    expect(output).not.toContain(discordQuestion);
    expect(output).not.toContain("Zanzibar");
    const leaked = documentLines(fakes).filter((line) => output.includes(line));
    expect(leaked).toEqual([]);
  }, 180_000);

  it("a database that cannot be reached: start fails naming the problem, not the password", async () => {
    fakes = await startFakes();
    const folder = await makeTempFolder();
    const port = await findClosedPort();
    const password = "SECRET-TEST-db-password-0006";
    const run = await runDocent(["start"], {
      env: {
        DOCENT_DOCS_DIR: path.join(projectRoot, "data/docs"),
        DOCENT_INDEX_DIR: path.join(folder, "index"),
        DOCENT_STATE_DIR: path.join(folder, "state"),
        DATABASE_URL: `postgres://docent:${password}@127.0.0.1:${port}/docent`,
        SLACK_BOT_TOKEN: secrets.SLACK_BOT_TOKEN,
        SLACK_SIGNING_SECRET: secrets.SLACK_SIGNING_SECRET,
        SLACK_API_URL: fakes.slack.apiUrl,
        PORT: "0",
        DOCENT_OPS_PORT: "off",
        LOG_LEVEL: "trace",
      },
    });
    expect(run.code, run.stderr).not.toBe(0);
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).toMatch(/PostgreSQL at 127\.0\.0\.1:\d+\/docent is not reachable/);
    console.log(`unreachable database: exit ${run.code}, ${output.trim().split("\n").at(-1)}`);
    expect(output).not.toContain(password);
    expectNoSecrets(output);
  }, 60_000);
});
