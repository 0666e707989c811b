/**
 * Slack load: 200 signed app_mention events sent at once to the real Bolt app (HTTP receiver) over loopback, with a
 * chat core whose "engine" takes 1 s per answer and works on at most ENGINE_CONCURRENCY questions at a time.
 * Prints the ack latency (p50/p99), checks that every question was answered exactly once and that the engine's
 * concurrency limit held. Run: npx tsx bench/slack-load.ts [events] [engine-concurrency]
 */
import { Worker } from "node:worker_threads";
import { startSlackAdapter } from "../src/adapters/slack/start-slack-adapter.js";
import type { ChatCore, ChatQuestion, ChatReply } from "../src/chat/chat-core.js";
import { silentLogger } from "../src/logging/logger.js";
import { createFakeCore, holidayCitation, makeAnswer } from "../test/adapters/slack/fake-chat-core.js";
import { botUserId, startFakeSlack } from "../test/adapters/slack/fake-slack-api.js";
import {
  eventEnvelope,
  nextMessageTs,
  sendEvent,
  signingSecret,
  signRequest,
} from "../test/adapters/slack/signed-requests.js";

const events = Number(process.argv[2] ?? 200);
const engineConcurrency = Number(process.argv[3] ?? 8);
const engineMs = 1000;

/** A 1-second engine behind a FIFO queue of `engineConcurrency` slots, reporting queue positions as they change. */
function createSlowCore(): { core: ChatCore; stats: { running: number; maxRunning: number; asked: number } } {
  const base = createFakeCore().core;
  const stats = { running: 0, maxRunning: 0, asked: 0 };
  const waiting: Array<{ question: ChatQuestion; start: () => void }> = [];
  const release = () => {
    const next = waiting.shift();
    next?.start();
    for (const [index, entry] of waiting.entries()) entry.question.onQueuePosition?.(index + 1);
  };
  const slot = (question: ChatQuestion) =>
    new Promise<void>((resolve) => {
      if (stats.running < engineConcurrency) return resolve();
      waiting.push({ question, start: resolve });
      question.onQueuePosition?.(waiting.length);
    });
  const ask = async (question: ChatQuestion): Promise<ChatReply> => {
    stats.asked++;
    await slot(question);
    stats.running++;
    stats.maxRunning = Math.max(stats.maxRunning, stats.running);
    try {
      const text = "There are **11** paid holidays in 2026 [1].";
      for (const piece of text.match(/.{1,15}/g) ?? []) {
        await new Promise((resolve) => setTimeout(resolve, engineMs / 3));
        question.onDelta?.(piece);
      }
      const id = stats.asked;
      return {
        kind: "answer",
        questionId: `q${id}`,
        answerId: `a${id}`,
        answer: makeAnswer(text, [holidayCitation]),
      };
    } finally {
      stats.running--;
      release();
    }
  };
  return { core: { ...base, ask }, stats };
}

/**
 * The signed requests go out all at once from a worker thread over keep-alive connections, so the sender's own work
 * does not sit on the bot's event loop; each latency is request sent -> ack (HTTP 200) received.
 */
const senderSource = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const send = ({ body, headers }) => new Promise((resolve, reject) => {
  const started = performance.now();
  const request = http.request({ host: "127.0.0.1", port: workerData.port, method: "POST", path: "/slack/events", headers, agent }, (response) => {
    response.resume();
    response.on("end", () => resolve({ status: response.statusCode, ms: performance.now() - started }));
  });
  request.on("error", reject);
  request.end(body);
});
Promise.all(workerData.requests.map(send)).then((results) => { parentPort.postMessage(results); agent.destroy(); });
`;

function sendFromWorker(
  port: number,
  requests: Array<{ body: string; headers: Record<string, string> }>,
): Promise<Array<{ status: number; ms: number }>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(senderSource, { eval: true, workerData: { port, requests } });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const fake = await startFakeSlack();
const { core, stats } = createSlowCore();
const adapter = await startSlackAdapter({
  settings: {
    botToken: "xoxb-bench",
    appToken: undefined,
    signingSecret,
    apiUrl: fake.apiUrl,
    slashCommand: "/docent",
    answerFollowUps: true,
    ignoreBots: true,
    port: 0,
  },
  core,
  logger: silentLogger,
  logContent: false,
});
const port = adapter.port ?? 0;
const channel = "C0LOAD";
const mentions = Array.from({ length: events }, (_, index) => ({
  type: "app_mention",
  user: `U${String(index).padStart(5, "0")}`,
  text: `<@${botUserId}> how many holidays? (${index})`,
  ts: nextMessageTs(),
  channel,
}));

// One warm-up request (the first one pays for lazy initialisation), answered and left out of the figures.
await sendEvent(port, {
  type: "app_mention",
  user: "UWARM",
  text: `<@${botUserId}> warm up`,
  ts: nextMessageTs(),
  channel: "C0WARM",
});
while (stats.asked < 1 || stats.running > 0) await new Promise((resolve) => setTimeout(resolve, 50));
stats.asked = 0;
const started = performance.now();
const acks = await sendFromWorker(
  port,
  mentions.map((event) => {
    const body = JSON.stringify(eventEnvelope(event));
    return { body, headers: { "content-type": "application/json", ...signRequest(body) } };
  }),
);
const ackSpan = performance.now() - started;
const deadline = Date.now() + 10 * 60_000;
const answered = () => mentions.filter((event) => fake.thread(channel, event.ts).length > 0).length;
while (stats.asked < events || stats.running > 0 || answered() < events) {
  if (Date.now() > deadline) throw new Error("timed out waiting for the answers");
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await new Promise((resolve) => setTimeout(resolve, 1500));
const totalSeconds = (performance.now() - started) / 1000;

const latencies = acks.map((ack) => ack.ms).sort((a, b) => a - b);
const statuses = new Set(acks.map((ack) => ack.status));
const perThread = mentions.map((event) => fake.thread(channel, event.ts).length);
const exactlyOnce = perThread.every((count) => count === 1);
const stops = fake.callsOf("chat.stopStream").length;
const report = {
  events,
  engineMs,
  engineConcurrency,
  ackStatuses: [...statuses],
  ackMs: {
    p50: Number(percentile(latencies, 50).toFixed(1)),
    p99: Number(percentile(latencies, 99).toFixed(1)),
    max: Number((latencies.at(-1) ?? 0).toFixed(1)),
  },
  allAckedWithinMs: Number(ackSpan.toFixed(0)),
  questionsAsked: stats.asked,
  answeredExactlyOnce: exactlyOnce,
  streamsStopped: stops,
  maxEngineConcurrency: stats.maxRunning,
  engineLimitRespected: stats.maxRunning <= engineConcurrency,
  totalSeconds: Number(totalSeconds.toFixed(1)),
  slackCalls: fake.callsOf().length,
};
console.log(JSON.stringify(report, null, 2));
await adapter.stop();
await fake.stop();
const ok =
  statuses.size === 1 &&
  statuses.has(200) &&
  exactlyOnce &&
  stats.asked === events &&
  report.engineLimitRespected;
process.exit(ok ? 0 : 1);
