/**
 * Slack load: 200 signed app_mention events sent at once to the real Bolt app (HTTP receiver) over loopback, with a
 * chat core whose "engine" takes 1 s per answer and works on at most ENGINE_CONCURRENCY questions at a time.
 * Only the bot runs on this (main) thread: the fake Slack Web API runs in one worker thread (slack-load-fake.ts)
 * and the sender in another (slack-load-sender.ts), which opens every connection before the burst and times each
 * request from its write to its response's status line. The same burst first goes to a bare node:http server on
 * this thread (read the body, answer 200), so the figures separate the machine's and client's cost from docent's.
 * Prints ack latency (p50/p99) for both, checks that every question was answered exactly once and that the
 * engine's concurrency limit held. Run: npx tsx bench/slack-load.ts [events] [engine-concurrency]
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { startSlackAdapter } from "../src/adapters/slack/start-slack-adapter.js";
import type { ChatCore, ChatQuestion, ChatReply } from "../src/chat-core/chat-core.js";
import { silentLogger } from "../src/logging/logger.js";
import { botUserId } from "../test/adapters/slack/fake-slack-api.js";
import {
  eventEnvelope,
  nextMessageTs,
  sendEvent,
  signRequest,
  slackTestSettings,
} from "../test/adapters/slack/signed-requests.js";
import { createFakeChatCore, handbookCitation, makeAnswer } from "../test/helpers/fake-chat-core.js";
import type { FakeAnswer, FakeQuery, FakeRequest } from "./slack-load-fake.js";
import type { SenderInput, SenderResult } from "./slack-load-sender.js";

const events = Number(process.argv[2] ?? 200);
const engineConcurrency = Number(process.argv[3] ?? 8);
const engineMs = 1000;

/** A 1-second engine behind a FIFO queue of `engineConcurrency` slots, reporting queue positions as they change. */
function createSlowCore(): { core: ChatCore; stats: { running: number; maxRunning: number; asked: number } } {
  const base = createFakeChatCore();
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
        answer: makeAnswer(text, [handbookCitation]),
      };
    } finally {
      stats.running--;
      release();
    }
  };
  return { core: { ...base, ask }, stats };
}

/** A worker thread running one of the bench's TypeScript files (tsx's loader registered in the worker first). */
function tsWorker(file: string, workerData?: unknown): Worker {
  const loader = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const url = JSON.stringify(new URL(file, import.meta.url).href);
  const boot = `import(${loader}).then(({ register }) => { register(); return import(${url}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** The fake Slack Web API in its own worker thread, queried by message. */
async function startFakeSlackWorker() {
  const worker = tsWorker("./slack-load-fake.ts");
  const apiUrl = await new Promise<string>((resolve, reject) => {
    worker.once("message", (ready: { apiUrl: string }) => resolve(ready.apiUrl));
    worker.once("error", reject);
  });
  let nextId = 0;
  const waiting = new Map<number, (answer: FakeAnswer) => void>();
  worker.on("message", (answer: FakeAnswer) => waiting.get(answer.id)?.(answer));
  const query = (body: FakeRequest): Promise<FakeAnswer> =>
    new Promise((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      const message: FakeQuery = { ...body, id };
      worker.postMessage(message);
    });
  return {
    apiUrl,
    perThread: async (channel: string, threadTs: string[]) =>
      (await query({ kind: "threads", channel, threadTs })).perThread ?? [],
    counts: () => query({ kind: "counts" }),
    stop: async () => {
      await query({ kind: "stop" });
      await worker.terminate();
    },
  };
}

function sendBurst(port: number, bodies: string[]): Promise<SenderResult[]> {
  const requests = bodies.map((body) => {
    const headers: Record<string, string> = {
      host: `127.0.0.1:${port}`,
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      connection: "keep-alive",
      ...signRequest(body),
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("");
    return `POST /slack/events HTTP/1.1\r\n${head}\r\n${body}`;
  });
  const input: SenderInput = { port, requests };
  return new Promise((resolve, reject) => {
    const worker = tsWorker("./slack-load-sender.ts", input);
    worker.once("message", (results: SenderResult[]) => {
      resolve(results);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(results: SenderResult[]) {
  const latencies = results.map((result) => result.ms).sort((a, b) => a - b);
  return {
    statuses: [...new Set(results.map((result) => result.status))],
    p50: Number(percentile(latencies, 50).toFixed(1)),
    p99: Number(percentile(latencies, 99).toFixed(1)),
    max: Number((latencies.at(-1) ?? 0).toFixed(1)),
  };
}

const channel = "C0LOAD";
const mentions = Array.from({ length: events }, (_, index) => ({
  type: "app_mention",
  user: `U${String(index).padStart(5, "0")}`,
  text: `<@${botUserId}> how many holidays? (${index})`,
  ts: nextMessageTs(),
  channel,
}));
const bodies = mentions.map((event) => JSON.stringify(eventEnvelope(event)));

// Baseline: the same burst, sender and measurement against a bare node:http server on this thread.
const bare = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200);
    response.end();
  });
});
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
const bareAcks = await sendBurst((bare.address() as AddressInfo).port, bodies);
bare.closeAllConnections();
await new Promise((resolve) => bare.close(resolve));

const fake = await startFakeSlackWorker();
const { core, stats } = createSlowCore();
const adapter = await startSlackAdapter({
  settings: slackTestSettings(fake.apiUrl),
  core,
  logger: silentLogger,
});
const port = adapter.port ?? 0;

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
const acks = await sendBurst(port, bodies);
const deadline = Date.now() + 10 * 60_000;
const threadTs = mentions.map((event) => event.ts);
let perThread = await fake.perThread(channel, threadTs);
while (stats.asked < events || stats.running > 0 || perThread.some((count) => count === 0)) {
  if (Date.now() > deadline) throw new Error("timed out waiting for the answers");
  await new Promise((resolve) => setTimeout(resolve, 250));
  perThread = await fake.perThread(channel, threadTs);
}
await new Promise((resolve) => setTimeout(resolve, 1500));
const totalSeconds = (performance.now() - started) / 1000;
perThread = await fake.perThread(channel, threadTs);
const counts = await fake.counts();

const docent = summary(acks);
const exactlyOnce = perThread.every((count) => count === 1);
const report = {
  events,
  engineMs,
  engineConcurrency,
  ackMs: { docent, bareNodeHttp: summary(bareAcks) },
  questionsAsked: stats.asked,
  answeredExactlyOnce: exactlyOnce,
  streamsStopped: counts.stopStreams,
  maxEngineConcurrency: stats.maxRunning,
  engineLimitRespected: stats.maxRunning <= engineConcurrency,
  totalSeconds: Number(totalSeconds.toFixed(1)),
  slackCalls: counts.calls,
};
console.log(JSON.stringify(report, null, 2));
await adapter.stop();
await fake.stop();
const ok =
  docent.statuses.length === 1 &&
  docent.statuses[0] === 200 &&
  exactlyOnce &&
  stats.asked === events &&
  report.engineLimitRespected;
process.exit(ok ? 0 : 1);
