import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnswerService, createAnswerService } from "../../src/answer/answer-service.js";
import type { ChatCore, ChatReply } from "../../src/chat-core/chat-core.js";
import { createChatCore } from "../../src/chat-core/create-chat-core.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { type Config, loadConfig } from "../../src/config/config.js";
import { unavailablePauseMs } from "../../src/engines/assemble-chat-engine.js";
import { DocentError, friendlyMessage } from "../../src/errors.js";
import { silentLogger } from "../../src/logging/logger.js";
import { createOperationsMetrics, type OperationsMetrics } from "../../src/operations/metrics.js";
import { answerText } from "../../src/rendering/reply-sentences.js";
import { createRecordingLogger, type LogEntry } from "../embeddings/recording-logger.js";
import { type ScriptedReply, startFakeChatServer } from "../engines/fake-chat-server.js";
import { projectRoot, runDocent } from "../helpers/run-docent.js";
import { readSampleQuestions } from "../helpers/sample-questions.js";

/**
 * 50 questions at once through the chat core (the path Slack and Discord take) over the sample handbook, with a
 * loopback engine that is down, slow, or drops the connection mid-stream. Every question must get the friendly
 * sentence plus quoted passages with sources, within LLM_TOTAL_TIMEOUT_MS plus a margin, and nothing may crash.
 */
const firstTokenTimeoutMs = 400;
const totalTimeoutMs = 1_500;
/** Generous on purpose (a loaded 2-core machine); the measured worst latencies are printed. */
const marginMs = 3_000;
const inFlight = 50;

const engineSentences = (["ENGINE_UNAVAILABLE", "ENGINE_TIMEOUT", "ENGINE_BAD_REPLY"] as const).map((code) =>
  friendlyMessage(new DocentError(code, "test")),
);

let folder: string;
let indexDir: string;
let accessFile: string;
let questions: string[];

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "docent-engine-faults-"));
  indexDir = path.join(folder, "index");
  accessFile = path.join(folder, "access.yaml");
  await writeFile(accessFile, "slack:\n  defaultScopes: [public, hr, engineering]\n");
  const ingest = await runDocent(["ingest", "--json"], {
    env: { DOCENT_DOCS_DIR: path.join(projectRoot, "data/docs"), DOCENT_INDEX_DIR: indexDir },
  });
  if (ingest.code !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
  // The questions the documents cover (the relevance gate lets them through to the engine), 50 in all.
  const extractive = await createAnswerService(configFor({}), silentLogger);
  const covered: string[] = [];
  for (const sample of readSampleQuestions()) {
    const answer = await extractive.answer({ text: sample.question });
    if (answer.outcome === "excerpts") covered.push(sample.question);
  }
  await extractive.close();
  if (covered.length < 10) throw new Error(`only ${covered.length} sample questions pass the relevance gate`);
  questions = Array.from({ length: inFlight }, (_, n) => covered[n % covered.length] as string);
}, 120_000);

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

function configFor(settings: Record<string, string>): Readonly<Config> {
  return loadConfig({
    environment: {
      DOCENT_DOCS_DIR: path.join(projectRoot, "data/docs"),
      DOCENT_INDEX_DIR: indexDir,
      DOCENT_STATE_DIR: path.join(folder, "state"),
      DOCENT_ACCESS_FILE: accessFile,
      DOCENT_USER_QUESTIONS_PER_MINUTE: "0",
      LOG_LEVEL: "silent",
      ...settings,
    },
    envFile: null,
  });
}

function engineSettings(provider: string, baseUrl: string, total = totalTimeoutMs): Record<string, string> {
  return {
    LLM_PROVIDER: provider,
    LLM_BASE_URL: provider === "ollama" ? baseUrl : `${baseUrl}/v1`,
    LLM_MODEL: provider === "ollama" ? "llama2" : "test-model",
    LLM_API_KEY: "sk-test-engine-faults",
    LLM_FIRST_TOKEN_TIMEOUT_MS: String(firstTokenTimeoutMs),
    LLM_TOTAL_TIMEOUT_MS: String(total),
  };
}

interface Storm {
  replies: Array<{ reply: ChatReply; ms: number; streamed: string }>;
  worstMs: number;
  log: LogEntry[];
  metrics: OperationsMetrics;
}

/** Sends every question at once through a fresh chat core; resolves when all have been answered. */
async function askAll(core: ChatCore, log: LogEntry[], metrics: OperationsMetrics): Promise<Storm> {
  const started = performance.now();
  const replies = await Promise.all(
    questions.map(async (text, n) => {
      let streamed = "";
      const reply = await core.ask({
        conversation: { platform: "slack", channelId: "C0FAULTS", isDirectMessage: false, userId: `U${n}` },
        text,
        history: [],
        onDelta: (delta) => {
          streamed += delta;
        },
      });
      return { reply, ms: performance.now() - started, streamed };
    }),
  );
  return { replies, worstMs: Math.max(...replies.map((entry) => entry.ms)), log, metrics };
}

async function storm(
  provider: string,
  baseUrl: string,
  total = totalTimeoutMs,
): Promise<Storm & { service: AnswerService }> {
  const log: LogEntry[] = [];
  const logger = createRecordingLogger(log);
  const config = configFor(engineSettings(provider, baseUrl, total));
  const service = await createAnswerService(config, logger);
  const metrics = createOperationsMetrics({ knowledge: service.knowledge, engine: service.engine });
  const core = createChatCore({ platforms: chatPlatforms, config, service, logger, metrics });
  return { ...(await askAll(core, log, metrics)), service };
}

async function expectFriendlyRepliesWithSources(result: Storm, label: string) {
  const counts = new Map<string, number>();
  for (const { reply } of result.replies) {
    expect(reply.kind, label).toBe("answer");
    if (reply.kind !== "answer") continue;
    const { answer } = reply;
    expect(answer.outcome, label).toBe("engine-failed");
    expect(answer.citations.length, label).toBeGreaterThan(0);
    expect(["ENGINE_UNAVAILABLE", "ENGINE_TIMEOUT", "ENGINE_BAD_REPLY"], label).toContain(answer.failure);
    const shown = answerText(answer);
    const sentence = engineSentences.find((candidate) => shown.startsWith(candidate));
    expect(sentence, `${label}: ${shown.slice(0, 80)}`).toBeDefined();
    expect(answer.text).toMatch(/\[1\]/);
    counts.set(sentence ?? "", (counts.get(sentence ?? "") ?? 0) + 1);
  }
  const answered = result.log.filter((entry) => entry.message === "question answered");
  expect(answered.filter((entry) => entry.fields.outcome === "engine-failed")).toHaveLength(inFlight);
  // /metrics counts every one of them as an error.
  const questions = await result.metrics.registry.getSingleMetric("docent_questions_total")?.get();
  const errors = questions?.values.find(
    (value) => value.labels.platform === "slack" && value.labels.outcome === "error",
  );
  expect(errors?.value, label).toBe(inFlight);
  const worst = Math.round(result.worstMs);
  console.log(
    `${label}: ${inFlight} questions in flight, worst reply after ${worst} ms ` +
      `(LLM_TOTAL_TIMEOUT_MS ${totalTimeoutMs}, first token ${firstTokenTimeoutMs}); ` +
      [...counts].map(([sentence, count]) => `${count} x "${sentence}"`).join(", "),
  );
  expect(result.worstMs, label).toBeLessThan(totalTimeoutMs + marginMs);
}

/** A port nothing listens on (bound, then released). */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let unhandled = 0;
const countUnhandled = () => {
  unhandled++;
};
beforeAll(() => {
  process.on("unhandledRejection", countUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", countUnhandled);
});

describe.each(["openai-compatible", "ollama"])("50 questions in flight, %s engine faulty", (provider) => {
  it("engine down (connection refused): friendly replies with sources, then answers again once it is back", async () => {
    const port = await refusedPort();
    const result = await storm(provider, `http://127.0.0.1:${port}`);
    try {
      await expectFriendlyRepliesWithSources(result, `${provider} down`);
      // The storm's first refusal started a pause that may be over by now on a slow machine: wait it out, let one
      // more question find the engine down (a fresh pause starts), then bring the engine back on the same port.
      // During the pause questions still fail fast; after it, the same service answers with the model again.
      await new Promise((resolve) => setTimeout(resolve, unavailablePauseMs));
      const refused = await result.service.answer({ text: questions[0] as string });
      expect(refused.outcome).toBe("engine-failed");
      const revived = await startFakeChatServer(port);
      try {
        const paused = await result.service.answer({ text: questions[0] as string });
        expect(paused.outcome).toBe("engine-failed");
        expect(revived.requests).toHaveLength(0);
        await new Promise((resolve) => setTimeout(resolve, unavailablePauseMs));
        const answer = await result.service.answer({ text: questions[0] as string });
        expect(answer.outcome).toBe("answered");
      } finally {
        await revived.close();
      }
    } finally {
      await result.service.close();
    }
    expect(unhandled).toBe(0);
  }, 60_000);

  it("engine down with a long LLM_TOTAL_TIMEOUT_MS: after the first refusal the line fails fast instead of waiting its turns", async () => {
    const longTotalMs = 60_000;
    const result = await storm(provider, `http://127.0.0.1:${await refusedPort()}`, longTotalMs);
    await result.service.close();
    const worst = Math.round(result.worstMs);
    console.log(
      `${provider} down, LLM_TOTAL_TIMEOUT_MS ${longTotalMs}: worst of ${inFlight} replies after ${worst} ms`,
    );
    for (const { reply } of result.replies) {
      expect(reply.kind === "answer" && reply.answer.outcome).toBe("engine-failed");
    }
    // One question's retries (backoff included), then the paused engine answers the other 49 at once.
    expect(result.worstMs).toBeLessThan(10_000);
  }, 60_000);

  it("engine slow (first token after LLM_FIRST_TOKEN_TIMEOUT_MS): friendly replies with sources in time", async () => {
    const fake = await startFakeChatServer();
    const slow: ScriptedReply = {
      kind: "deltas",
      deltas: ["Late ", "text [1]."],
      delayMs: firstTokenTimeoutMs * 2,
    };
    fake.script(...Array.from({ length: 1_000 }, () => slow));
    try {
      const result = await storm(provider, fake.url);
      await result.service.close();
      await expectFriendlyRepliesWithSources(result, `${provider} slow`);
      expect(fake.requests.length).toBeGreaterThan(0);
    } finally {
      await fake.close();
    }
    expect(unhandled).toBe(0);
  }, 60_000);

  it("engine failing mid-stream (connection dropped after some tokens): friendly replies with sources", async () => {
    const fake = await startFakeChatServer();
    const drop: ScriptedReply = { kind: "drop", deltas: ["The policy ", "says "] };
    fake.script(...Array.from({ length: 1_000 }, () => drop));
    try {
      const result = await storm(provider, fake.url);
      await result.service.close();
      await expectFriendlyRepliesWithSources(result, `${provider} mid-stream`);
      // Some questions reached the model and streamed text before it dropped; what was shown is replaced.
      expect(result.replies.some((entry) => entry.streamed.startsWith("The policy"))).toBe(true);
    } finally {
      await fake.close();
    }
    expect(unhandled).toBe(0);
  }, 60_000);
});
