import { createServer } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ReadinessReport } from "../../src/operations/readiness.js";
import { type FakeSlack, startFakeSlack } from "../adapters/slack/fake-slack-api.js";
import { sendEvent, signingSecret } from "../adapters/slack/signed-requests.js";
import { waitFor } from "../adapters/slack/slack-harness.js";
import { projectRoot, runDocent, startDocent } from "../helpers/run-docent.js";
import { makeTempFolder } from "../helpers/temp-folder.js";
import { sampleValue, scrape } from "./metrics-text.js";

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

interface RunningLine {
  slackPort: number;
  opsPort: number | null;
  reingestSchedule: string | null;
}

function runningLine(stderr: string): RunningLine | undefined {
  const line = stderr.split("\n").find((entry) => entry.includes('"docent is running"'));
  return line === undefined ? undefined : (JSON.parse(line) as RunningLine);
}

async function slackEnvironment(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  fake = await startFakeSlack();
  const state = await makeTempFolder();
  return {
    DOCENT_DOCS_DIR: path.join(projectRoot, "data/docs"),
    DOCENT_INDEX_DIR: path.join(state, "index"),
    DOCENT_STATE_DIR: path.join(state, "state"),
    SLACK_BOT_TOKEN: "xoxb-ops-test",
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: fake.apiUrl,
    PORT: "0",
    DOCENT_OPS_HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    ...extra,
  };
}

describe("docent start with the ops listener", () => {
  it("serves /healthz, /readyz and /metrics on the logged opsPort while it serves Slack, and closes them on SIGTERM", async () => {
    const env = await slackEnvironment({ DOCENT_REINGEST_SCHEDULE: "0 3 * * *" });
    const { child, done } = startDocent(["start"], { env });
    let stderr = "";
    child.stderr?.on("data", (data: Buffer) => {
      stderr += data.toString();
    });
    await waitFor(() => runningLine(stderr) !== undefined || child.exitCode !== null, 60_000);
    const running = runningLine(stderr);
    expect(running, stderr).toMatchObject({ opsPort: expect.any(Number), reingestSchedule: "0 3 * * *" });
    const opsPort = running?.opsPort as number;
    expect(opsPort).toBeGreaterThan(0);
    expect(stderr).toContain('"scheduled re-ingest planned"');
    const ops = `http://127.0.0.1:${opsPort}`;

    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    const ready = await fetch(`${ops}/readyz`);
    const report = (await ready.json()) as ReadinessReport;
    expect(ready.status, JSON.stringify(report)).toBe(200);
    expect(report.checks).toMatchObject({
      index: { ok: true, generation: expect.stringMatching(/^gen-/) },
      slack: { ok: true },
      engine: { ok: true, engine: "extractive" },
    });

    const ack = await sendEvent(running?.slackPort as number, {
      type: "app_mention",
      channel: "C0PUBLIC",
      user: "U0ASKER",
      text: "<@UBOT> What is the address of the Halifax office?",
      ts: "1700000002.000100",
    });
    expect(ack.status).toBe(200);
    await waitFor(() => stderr.includes('"question answered"'), 30_000);
    const samples = await scrape(opsPort);
    expect(sampleValue(samples, "docent_questions_total", { platform: "slack", outcome: "answered" })).toBe(
      1,
    );
    expect(sampleValue(samples, "docent_answer_seconds_count", { platform: "slack" })).toBe(1);
    expect(sampleValue(samples, "docent_index_chunks")).toBeGreaterThan(0);
    const questionLine = JSON.parse(
      stderr.split("\n").find((line) => line.includes('"question answered"')) as string,
    ) as Record<string, unknown>;
    expect(questionLine).toMatchObject({
      platform: "slack",
      questionId: expect.any(String),
      outcome: "excerpts",
      timings: expect.objectContaining({ totalMs: expect.any(Number) }),
    });
    expect(questionLine).not.toHaveProperty("question");

    child.kill("SIGTERM");
    const exit = await done;
    expect(exit.code).toBe(0);
    await expect(fetch(`${ops}/healthz`)).rejects.toThrow();
    expect(exit.stderr).not.toContain("Halifax");
  }, 90_000);

  it("fails at start naming DOCENT_OPS_PORT when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const env = await slackEnvironment({ DOCENT_OPS_PORT: String(port), LOG_LEVEL: "warn" });
      const exit = await runDocent(["start"], { env });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(exit.stderr).toContain("Set DOCENT_OPS_PORT to a free port");
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 90_000);

  it("runs without the listener when DOCENT_OPS_PORT=off, and refuses a bad schedule before starting", async () => {
    const env = await slackEnvironment({ DOCENT_OPS_PORT: "off" });
    const { child, done } = startDocent(["start"], { env });
    let stderr = "";
    child.stderr?.on("data", (data: Buffer) => {
      stderr += data.toString();
    });
    await waitFor(() => runningLine(stderr) !== undefined || child.exitCode !== null, 60_000);
    expect(runningLine(stderr), stderr).toMatchObject({ opsPort: null, reingestSchedule: null });
    child.kill("SIGTERM");
    expect((await done).code).toBe(0);

    const refused = await runDocent(["start"], { env: { ...env, DOCENT_REINGEST_SCHEDULE: "every night" } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Fix DOCENT_REINGEST_SCHEDULE");
  }, 90_000);
});
