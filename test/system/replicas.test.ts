import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../adapters/slack/fake-slack-api.js";
import { sendEvent, signingSecret } from "../adapters/slack/signed-requests.js";
import { waitFor } from "../adapters/slack/slack-harness.js";
import { postgresSkipReason, useTemporaryPostgres } from "../helpers/postgres-server.js";
import { runDocent, startDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

/**
 * Several `docent start` replicas behind a load balancer, sharing one PostgreSQL: one index (pgvector), one
 * event de-duplication table. Real processes, a real PostgreSQL, the real Bolt app against a loopback Slack.
 */
let fake: FakeSlack | undefined;
const replicas: Array<ReturnType<typeof startDocent>> = [];

const server = useTemporaryPostgres();
afterEach(async () => {
  for (const replica of replicas.splice(0)) {
    replica.child.kill("SIGTERM");
    await replica.done;
  }
  await fake?.stop();
});

async function setUp(schema: string) {
  fake = await startFakeSlack();
  const folder = await makeTempFolder();
  const docsDir = path.join(folder, "docs");
  await writeFiles(docsDir, {
    "public/offices.md": "# Offices\n\nThe Halifax office is at 1 Barrington Street and opens at 8am.\n",
    "hr/leave.md": "# Leave\n\nParents get sixteen weeks of paid parental leave.\n",
  });
  const env = {
    VECTOR_STORE: "pgvector",
    DATABASE_URL: server().url,
    DOCENT_DATABASE_SCHEMA: schema,
    DOCENT_DOCS_DIR: docsDir,
    DOCENT_INDEX_DIR: path.join(folder, "index-unused"),
    DOCENT_STATE_DIR: path.join(folder, "state"),
    SLACK_BOT_TOKEN: "xoxb-replica-test",
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ANSWER_FOLLOW_UPS: "false",
    PORT: "0",
    DOCENT_OPS_PORT: "0",
    DOCENT_USER_QUESTIONS_PER_MINUTE: "0",
    LOG_LEVEL: "info",
  };
  const ingest = await runDocent(["ingest", "--json"], { env });
  expect(ingest.code, ingest.stderr).toBe(0);
  return { env, docsDir };
}

async function startReplica(env: Record<string, string>): Promise<{ port: number; logs: () => string }> {
  const replica = startDocent(["start"], { env });
  replicas.push(replica);
  let stderr = "";
  replica.child.stderr?.on("data", (data: Buffer) => {
    stderr += data.toString();
  });
  const running = () => stderr.split("\n").find((line) => line.includes('"docent is running"'));
  await waitFor(() => running() !== undefined || replica.child.exitCode !== null, 60_000);
  const port = (JSON.parse(running() ?? "{}") as { slackPort?: number }).slackPort ?? 0;
  expect(port, stderr).toBeGreaterThan(0);
  return { port, logs: () => stderr };
}

const mention = (text: string, ts: string) => ({
  type: "app_mention",
  channel: "C0PUBLIC",
  user: "U0ASKER",
  text: `<@UBOT> ${text}`,
  ts,
});

/** Answers begin with chat.startStream (or chat.postMessage) in the question's thread. */
const answersIn = (slack: FakeSlack, threadTs: string) =>
  slack.calls.filter(
    (call) =>
      (call.method === "chat.startStream" || call.method === "chat.postMessage") &&
      call.args.thread_ts === threadTs,
  );

const answerText = (slack: FakeSlack, threadTs: string) =>
  slack
    .thread("C0PUBLIC", threadTs)
    .map((message) => message.text)
    .join("\n");

describe.skipIf(postgresSkipReason !== undefined)("two replicas sharing PostgreSQL", () => {
  it("answers a retried Slack event once when the first delivery and the retry reach different replicas", async () => {
    const { env } = await setUp("replicas_retry");
    const [first, second] = await Promise.all([startReplica(env), startReplica(env)]);
    const slack = fake as FakeSlack;
    for (let round = 0; round < 5; round++) {
      const ts = `1700000100.00010${round}`;
      const event = mention("Where is the Halifax office?", ts);
      const eventId = `Ev0REPLICA${round}`;
      const deliveries = await Promise.all([
        sendEvent(first.port, event, { eventId }),
        sendEvent(second.port, event, { eventId, retryNum: 1 }),
      ]);
      expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200]);
      await waitFor(() => answerText(slack, ts).includes("Barrington"), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answersIn(slack, ts), `round ${round}`).toHaveLength(1);
    }
  }, 120_000);

  it("serves a new generation on every replica without a restart once an ingest commits", async () => {
    const { env, docsDir } = await setUp("replicas_switch");
    const replicasUp = await Promise.all([startReplica(env), startReplica(env)]);
    const slack = fake as FakeSlack;
    await writeFile(
      path.join(docsDir, "public/parking.md"),
      "# Parking\n\nVisitors park in the Quokka garage on level minus two.\n",
    );
    const ingest = await runDocent(["ingest", "--json"], { env });
    expect(ingest.code, ingest.stderr).toBe(0);
    for (const [index, replica] of replicasUp.entries()) {
      const ts = `1700000200.00010${index}`;
      await sendEvent(replica.port, mention("Where do visitors park?", ts));
      await waitFor(() => answerText(slack, ts).includes("Quokka garage"), 30_000);
    }
  }, 120_000);

  it("replies to every question while PostgreSQL restarts mid-traffic, and resumes without a restart of docent", async () => {
    const { env } = await setUp("replicas_outage");
    const replica = await startReplica(env);
    const slack = fake as FakeSlack;
    const database = server();
    const asked: string[] = [];
    const ask = async (index: number) => {
      const ts = `1700000300.${String(index).padStart(6, "0")}`;
      asked.push(ts);
      const ack = await sendEvent(replica.port, mention("Where is the Halifax office?", ts));
      expect(ack.status).toBe(200);
    };
    // Questions every 100 ms; the database goes down after the 8th and comes back 1.5 s later.
    let index = 0;
    const traffic = (async () => {
      for (; index < 30; index++) {
        await ask(index);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await waitFor(() => index >= 8, 30_000);
    await database.stopServer();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await database.startServer();
    await traffic;
    const replied = (ts: string) => /Barrington|document database/.test(answerText(slack, ts));
    await waitFor(() => asked.every(replied), 60_000);
    const outcomes = asked.map((ts) =>
      answerText(slack, ts).includes("Barrington") ? "answer" : "friendly",
    );
    const friendly = outcomes.filter((outcome) => outcome === "friendly").length;
    console.log(
      `PostgreSQL restart mid-traffic: ${asked.length} questions, ${asked.length - friendly} answered, ` +
        `${friendly} friendly "can't reach" replies, 0 without a reply`,
    );
    expect(friendly).toBeGreaterThan(0);
    expect(outcomes.slice(-5)).toEqual(["answer", "answer", "answer", "answer", "answer"]);
    for (const ts of asked) expect(answerText(slack, ts)).not.toMatch(/ECONNREFUSED|postgres|127\.0\.0\.1/i);
    expect(replica.logs()).not.toContain("xoxb-replica-test");
  }, 120_000);
});
