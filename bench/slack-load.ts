/**
 * Slack load: 200 signed app_mention events sent at once to the real Bolt app (HTTP receiver) over loopback, with a
 * chat core behind it whose engine takes 1 s per answer and works on at most `slots` questions at a time.
 * Only the bot runs on this (main) thread: the fake Slack Web API runs in one worker thread (slack-load-fake.ts)
 * and the sender in another (slack-load-sender.ts), which opens every connection before the burst and times each
 * request from its write to its response's status line. The same burst first goes to a bare node:http server and to
 * a bare Bolt app with a no-op listener (slack-load-baselines.ts), so that shared noise hits all three alike; bare
 * Bolt is measured again after docent's burst has been answered, its code then as warm as it was for docent's.
 * Prints ack latency (p50/p99) for each, docent's p99 over bare Bolt's, where the slowest acks waited
 * (slack-load-trace.ts) and how long the loop is blocked while the burst is answered, and checks that every
 * question was answered exactly once and that the engine's limit held.
 * --core fake (default): the test fake chat core; --core real: docent's chat core and answer pipeline over data/docs
 * with a fake OpenAI-compatible engine (slack-load-cores.ts). --connections new (default): the connections are
 * connected, not yet accepted, when the burst is written, as when a burst arrives on new connections; accepted: the
 * burst waits until the server has accepted all of them. --profile file: a CPU profile of docent's burst, and
 * file.trace.json with each request's times.
 * Run: npx tsx bench/slack-load.ts [events=200] [slots=8] [--core fake|real] [--connections new|accepted]
 *   [--profile file.cpuprofile]
 */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startSlackAdapter } from "../src/adapters/slack/start-slack-adapter.js";
import { silentLogger } from "../src/logging/logger.js";
import { botUserId } from "../test/adapters/slack/fake-slack-api.js";
import {
  eventEnvelope,
  nextMessageTs,
  sendEvent,
  slackTestSettings,
} from "../test/adapters/slack/signed-requests.js";
import { projectRoot } from "../test/helpers/run-docent.js";
import { type BenchServer, startBareBolt, startBareHttp } from "./slack-load-baselines.js";
import { createRealCore, createSlowFakeCore } from "./slack-load-cores.js";
import type { SenderResult } from "./slack-load-sender.js";
import { type AckTrace, startAckTrace } from "./slack-load-trace.js";
import { sendBurst, startFakeSlackWorker } from "./slack-load-workers.js";

const argv = process.argv.slice(2);
/** `--name value` taken out of argv; what is left are the positional arguments. */
function option(name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  return index === -1 ? undefined : argv.splice(index, 2)[1];
}
const profileFile = option("profile");
const coreKind = option("core") ?? "fake";
const connections = option("connections") ?? "new";
const events = Number(argv[0] ?? 200);
const slots = Number(argv[1] ?? 8);
const engineMs = 1000;
const load = () => loadavg().map((value) => Number(value.toFixed(2)));
const loadBefore = load();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const round = (value: number) => Number(value.toFixed(2));

function summary(results: SenderResult[]) {
  const latencies = results.map((result) => result.ms).sort((a, b) => a - b);
  return {
    statuses: [...new Set(results.map((result) => result.status))],
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? 0),
  };
}

/**
 * Where acks waited, averaged over the median request and over the slowest 2%: from the sender's write until the
 * server accepted its connection (0 when accepted before), then until the request was parsed (the loop busy
 * elsewhere), until the response was finished (Bolt's path to the ack), and until the sender read the status line.
 */
function breakdown(results: SenderResult[], trace: AckTrace) {
  const firstWrite = Math.min(...results.map((result) => result.sentAt));
  const parts = results.map((result, index) => {
    const accepted = trace.acceptedAt[index] ?? Number.NaN;
    const parsed = trace.parsedAt[index] ?? Number.NaN;
    const acked = trace.ackedAt[index] ?? Number.NaN;
    return {
      ms: result.ms,
      toAccepted: Math.max(0, accepted - result.sentAt),
      toParsed: parsed - Math.max(accepted, result.sentAt),
      toAck: acked - parsed,
      toSender: result.answeredAt - acked,
    };
  });
  parts.sort((a, b) => a.ms - b.ms);
  const mean = (group: typeof parts) => {
    const keys = ["ms", "toAccepted", "toParsed", "toAck", "toSender"] as const;
    return Object.fromEntries(
      keys.map((key) => [key, round(group.reduce((sum, part) => sum + part[key], 0) / group.length)]),
    );
  };
  const slowest = Math.max(1, Math.round(parts.length * 0.02));
  const middle = Math.floor(parts.length / 2);
  return {
    median: mean(parts.slice(middle, middle + 1)),
    slowest2pc: mean(parts.slice(-slowest)),
    acceptedDuringBurst: trace.acceptedAt.filter((accepted) => accepted >= firstWrite).length,
    loopDelayMs: trace.loopDelayMs,
  };
}

const questions = (
  JSON.parse(readFileSync(path.join(projectRoot, "test/fixtures/sample-questions.json"), "utf8")) as {
    questions: Array<{ question: string }>;
  }
).questions.map((sample) => sample.question);
const channel = "C0LOAD";
const mentions = Array.from({ length: events }, (_, index) => ({
  type: "app_mention",
  user: `U${String(index).padStart(5, "0")}`,
  text: `<@${botUserId}> ${questions[index % questions.length]}`,
  ts: nextMessageTs(),
  channel,
}));
const bodies = mentions.map((event) => JSON.stringify(eventEnvelope(event)));
const warmUp = (port: number) =>
  sendEvent(port, {
    type: "app_mention",
    user: "UWARM",
    text: `<@${botUserId}> warm up`,
    ts: nextMessageTs(),
    channel: "C0WARM",
  });

/** One traced burst against a server that has answered one warm-up request. */
async function burst(port: number, profile = false) {
  const trace = await startAckTrace({ profile });
  const accepted = connections === "accepted" ? () => trace.accepted(bodies.length) : undefined;
  const acks = await sendBurst(port, bodies, accepted);
  return { acks, trace: await trace.stop() };
}

async function baseline(server: BenchServer) {
  await warmUp(server.port);
  const measured = await burst(server.port);
  await server.stop();
  return measured;
}

const fake = await startFakeSlackWorker();
const bareHttp = await baseline(await startBareHttp());
const bareBolt = await baseline(await startBareBolt(fake.apiUrl));

const bench =
  coreKind === "real" ? await createRealCore(engineMs, slots, events) : createSlowFakeCore(engineMs, slots);
const adapter = await startSlackAdapter({
  settings: slackTestSettings(fake.apiUrl),
  core: bench.core,
  logger: silentLogger,
});
const port = adapter.port ?? 0;
// The warm-up question (the first one pays for lazy initialisation) is answered before the burst.
await warmUp(port);
const idle = async () => {
  const stats = await bench.stats();
  return stats.asked >= 1 && stats.running === 0;
};
while (!(await idle())) await new Promise((resolve) => setTimeout(resolve, 50));
const askedBefore = (await bench.stats()).asked;
const started = performance.now();
const docent = await burst(port, profileFile !== undefined);
const loadAtBurst = load();
// While the burst is answered: how long the loop is blocked at most, i.e. what a request arriving now would wait.
const drainDelay = monitorEventLoopDelay({ resolution: 1 });
drainDelay.enable();
const deadline = Date.now() + 10 * 60_000;
const threadTs = mentions.map((event) => event.ts);
let stats = await bench.stats();
let perThread = await fake.perThread(channel, threadTs);
while (stats.asked - askedBefore < events || stats.running > 0 || perThread.some((count) => count === 0)) {
  if (Date.now() > deadline) throw new Error("timed out waiting for the answers");
  await new Promise((resolve) => setTimeout(resolve, 250));
  perThread = await fake.perThread(channel, threadTs);
  stats = await bench.stats();
}
drainDelay.disable();
await new Promise((resolve) => setTimeout(resolve, 1500));
const totalSeconds = (performance.now() - started) / 1000;
perThread = await fake.perThread(channel, threadTs);
const counts = await fake.counts();
stats = await bench.stats();
const asked = stats.asked - askedBefore;
await adapter.stop();
await bench.close();
// Bare Bolt once more, its code now as warm as it was for docent's burst (which ran after the first one).
const bareBoltAfter = await baseline(await startBareBolt(fake.apiUrl));

const docentAcks = summary(docent.acks);
const boltAcks = summary(bareBolt.acks);
const boltAfterAcks = summary(bareBoltAfter.acks);
/** Against the faster of the two bare Bolt measurements: the stricter comparison. */
const bolt = boltAfterAcks.p99 < boltAcks.p99 ? boltAfterAcks : boltAcks;
const exactlyOnce = perThread.every((count) => count === 1);
const report = {
  events,
  core: coreKind,
  connections,
  engineMs,
  slots,
  loadAverage: { before: loadBefore, atDocentBurst: loadAtBurst },
  ackMs: {
    docent: docentAcks,
    bareBolt: boltAcks,
    bareBoltAfter: boltAfterAcks,
    bareNodeHttp: summary(bareHttp.acks),
  },
  docentOverBareBolt: { p50: round(docentAcks.p50 / bolt.p50), p99: round(docentAcks.p99 / bolt.p99) },
  whereAcksWaitedMs: {
    docent: breakdown(docent.acks, docent.trace),
    bareBolt: breakdown(bareBolt.acks, bareBolt.trace),
    bareBoltAfter: breakdown(bareBoltAfter.acks, bareBoltAfter.trace),
    bareNodeHttp: breakdown(bareHttp.acks, bareHttp.trace),
  },
  loopDelayWhileAnsweringMs: {
    p50: round(drainDelay.percentile(50) / 1e6),
    p99: round(drainDelay.percentile(99) / 1e6),
    max: round(drainDelay.max / 1e6),
  },
  questionsAsked: asked,
  answeredExactlyOnce: exactlyOnce,
  streamsStopped: counts.stopStreams,
  maxEngineConcurrency: stats.maxRunning,
  engineLimitRespected: stats.maxRunning <= slots,
  totalSeconds: round(totalSeconds),
  slackCalls: counts.calls,
};
console.log(JSON.stringify(report, null, 2));
if (profileFile !== undefined && docent.trace.profile !== undefined) {
  await writeFile(profileFile, JSON.stringify(docent.trace.profile));
  const { profile: _, ...rest } = docent.trace;
  await writeFile(`${profileFile}.trace.json`, JSON.stringify({ ...rest, acks: docent.acks }));
}
await fake.stop();
const ok =
  docentAcks.statuses.length === 1 &&
  docentAcks.statuses[0] === 200 &&
  exactlyOnce &&
  asked === events &&
  report.engineLimitRespected;
process.exit(ok ? 0 : 1);
