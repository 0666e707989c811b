import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnswerService } from "../../src/answer/answer-service.js";
import type { ChatCore, Conversation } from "../../src/chat-core/chat-core.js";
import { createChatCore } from "../../src/chat-core/create-chat-core.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { loadConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/logging/logger.js";
import { createOperationsMetrics, type OperationsMetrics } from "../../src/operations/metrics.js";
import { type RunningOpsServer, startOpsServer } from "../../src/operations/ops-server.js";
import { type ChatFixture, createChatFixture, ingestCommand, ingestEnv } from "../chat-core/chat-fixture.js";
import { createRecordingLogger } from "../embeddings/recording-logger.js";
import { type FakeChatServer, startFakeChatServer } from "../engines/fake-chat-server.js";
import { parsePrometheusText, sampleValue, scrape } from "./metrics-text.js";

const slackDm: Conversation = { platform: "slack", channelId: "D1", isDirectMessage: true, userId: "U1" };
const discordDm: Conversation = {
  platform: "discord",
  channelId: "2001",
  isDirectMessage: true,
  userId: "42",
};
const covered = "When is the office closed on holidays?";
const notCovered = "Where does the company zeppelin tour start?";

let fixture: ChatFixture;
let engineServer: FakeChatServer;
let metrics: OperationsMetrics;
let server: RunningOpsServer;
const logs = createRecordingLogger();
/** Extractive answers, one question per user and minute. */
let core: ChatCore;
/** The same documents answered by a loopback OpenAI-compatible engine that fails. */
let failingCore: ChatCore;

beforeAll(async () => {
  fixture = await createChatFixture({ DOCENT_USER_QUESTIONS_PER_MINUTE: "1" });
  engineServer = await startFakeChatServer();
  metrics = createOperationsMetrics({ knowledge: fixture.service.knowledge, engine: fixture.service.engine });
  const common = { metrics, ingestCommand, ingestEnv, logger: logs };
  core = createChatCore({
    platforms: chatPlatforms,
    ...common,
    config: fixture.config,
    service: fixture.service,
  });
  const engineConfig = loadConfig({
    environment: {
      DOCENT_DOCS_DIR: fixture.docsDir,
      DOCENT_INDEX_DIR: fixture.indexDir,
      DOCENT_STATE_DIR: `${fixture.folder}/state`,
      DOCENT_USER_QUESTIONS_PER_MINUTE: "0",
      LLM_PROVIDER: "openai-compatible",
      LLM_BASE_URL: `${engineServer.url}/v1`,
      LLM_MAX_RETRIES: "0",
    },
    envFile: null,
  });
  const engineService = await createAnswerService(engineConfig, logs);
  failingCore = createChatCore({
    platforms: chatPlatforms,
    ...common,
    config: engineConfig,
    service: engineService,
  });
  server = await startOpsServer({
    port: 0,
    host: "127.0.0.1",
    registry: metrics.registry,
    readiness: async () => ({ ready: true, checks: {} }),
    logger: silentLogger,
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await engineServer?.close();
  if (fixture) await rm(fixture.folder, { recursive: true, force: true });
});

describe("GET /metrics", () => {
  it("is Prometheus text with the index, the engine queue and zeroed ingest counters before any question", async () => {
    const samples = await scrape(server.port);
    expect(sampleValue(samples, "docent_engine_queue_length")).toBe(0);
    expect(sampleValue(samples, "docent_ingest_runs_total", { result: "failed" })).toBe(0);
    expect(sampleValue(samples, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(samples.some((sample) => sample.name.startsWith("docent_questions_total"))).toBe(false);
  });

  it("counts questions by platform and outcome, with latency histograms, after real questions", async () => {
    const answered = await core.ask({ conversation: slackDm, text: covered, history: [] });
    const refused = await core.ask({ conversation: slackDm, text: covered, history: [] });
    const uncovered = await core.ask({
      conversation: { ...slackDm, userId: "U2" },
      text: notCovered,
      history: [],
    });
    engineServer.script({ kind: "status", status: 500 });
    const failed = await failingCore.ask({ conversation: discordDm, text: covered, history: [] });
    expect([answered.kind, refused.kind, uncovered.kind, failed.kind]).toEqual([
      "answer",
      "refused",
      "answer",
      "answer",
    ]);
    expect(uncovered.kind === "answer" && uncovered.answer.outcome).toBe("not-covered");
    expect(failed.kind === "answer" && failed.answer.outcome).toBe("engine-failed");
    expect(engineServer.requests.length).toBe(1);

    const samples = await scrape(server.port);
    const questions = (platform: string, outcome: string) =>
      sampleValue(samples, "docent_questions_total", { platform, outcome });
    expect(questions("slack", "answered")).toBe(1);
    expect(questions("slack", "refused")).toBe(1);
    expect(questions("slack", "not_covered")).toBe(1);
    expect(questions("discord", "error")).toBe(1);
    expect(questions("discord", "answered")).toBeUndefined();
    // Refusals have no latency; the extractive answers have no first token; the engine's failure had none either.
    expect(sampleValue(samples, "docent_answer_seconds_count", { platform: "slack" })).toBe(2);
    expect(sampleValue(samples, "docent_retrieval_seconds_count", { platform: "discord" })).toBe(1);
    expect(sampleValue(samples, "docent_first_token_seconds_count", { platform: "slack" })).toBeUndefined();
    const slowest = sampleValue(samples, "docent_answer_seconds_bucket", { platform: "slack", le: "+Inf" });
    expect(slowest).toBe(2);
    expect(sampleValue(samples, "docent_index_chunks")).toBeGreaterThan(0);
    const generation = samples.find((sample) => sample.name === "docent_index_generation_info");
    expect(generation?.labels.generation).toMatch(/^gen-/);
    expect(generation?.value).toBe(1);
  });

  it("counts a feedback vote by platform and vote", async () => {
    const vote = { questionId: "q1", answerId: "a1", userId: "42", sources: ["public/holidays.md"] };
    await core.recordFeedback({ ...vote, platform: "discord", vote: "not-helpful" });
    await core.recordFeedback({ ...vote, platform: "slack", vote: "helpful" });
    await core.recordFeedback({ ...vote, platform: "slack", vote: "helpful" });
    const samples = await scrape(server.port);
    expect(sampleValue(samples, "docent_feedback_votes_total", { platform: "slack", vote: "helpful" })).toBe(
      2,
    );
    expect(
      sampleValue(samples, "docent_feedback_votes_total", { platform: "discord", vote: "not_helpful" }),
    ).toBe(1);
  });

  it("counts an ingest run by result and follows the new generation", async () => {
    const before = await scrape(server.port);
    const oldGeneration = before.find((sample) => sample.name === "docent_index_generation_info")?.labels
      .generation;
    await writeFile(
      path.join(fixture.docsDir, "public/holidays.md"),
      "# Office holidays\n\nThe company zeppelin tour starts at the north hangar every summer.\n",
    );
    const result = await core.reindex(null);
    expect(result.outcome).toBe("done");
    const samples = await scrape(server.port);
    expect(sampleValue(samples, "docent_ingest_runs_total", { result: "success" })).toBe(1);
    expect(sampleValue(samples, "docent_ingest_runs_total", { result: "failed" })).toBe(0);
    expect(sampleValue(samples, "docent_ingest_last_success_timestamp_seconds")).toBeGreaterThan(
      1_700_000_000,
    );
    const generations = samples.filter((sample) => sample.name === "docent_index_generation_info");
    expect(generations.map((sample) => sample.labels.generation)).toEqual([result.generation]);
    expect(result.generation).not.toBe(oldGeneration);
  }, 60_000);
});

describe("the log line of each question", () => {
  it("carries ids, platform, outcome and timings, and no question or answer text", () => {
    const lines = logs.entries.filter((entry) => entry.message?.startsWith("question "));
    const answeredLines = lines.filter((entry) => entry.message === "question answered");
    expect(answeredLines.length).toBeGreaterThanOrEqual(1);
    for (const line of answeredLines) {
      expect(line.fields).toMatchObject({
        questionId: expect.any(String),
        answerId: expect.any(String),
        platform: expect.stringMatching(/^(slack|discord)$/),
        outcome: expect.any(String),
        timings: { retrievalMs: expect.any(Number), totalMs: expect.any(Number) },
      });
    }
    const refusedLine = lines.find((entry) => entry.message === "question refused");
    expect(refusedLine?.fields).toMatchObject({
      platform: "slack",
      outcome: "refused",
      refused: "user-rate-limit",
    });
    const everything = JSON.stringify(logs.entries);
    expect(everything).not.toContain("office closed");
    expect(everything).not.toContain("zeppelin");
    expect(everything).not.toContain("New Year");
  });
});

describe("the Prometheus text reader used here", () => {
  it("rejects what a scraper would reject", () => {
    expect(() => parsePrometheusText("# TYPE a counter\na{x=1} 2\n")).toThrow(/malformed labels/);
    expect(() => parsePrometheusText("b 1\n")).toThrow(/without a TYPE/);
    expect(() => parsePrometheusText("# TYPE c gauge\nc one\n")).toThrow(/not a number/);
    expect(parsePrometheusText('# TYPE d gauge\nd{x="a\\"b",y="c"} +Inf\n')).toEqual([
      { name: "d", labels: { x: 'a"b', y: "c" }, value: Number.POSITIVE_INFINITY },
    ]);
  });
});
