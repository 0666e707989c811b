import { mkdtemp } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSlackAdapter } from "../src/adapters/slack/start-slack-adapter.js";
import { createChatCore } from "../src/chat-core/create-chat-core.js";
import { assembleAnswerer } from "../src/cli/assemble-answerer.js";
import { chatPlatforms } from "../src/cli/chat-platforms.js";
import { loadConfig } from "../src/config/config.js";
import { silentLogger } from "../src/logging/logger.js";
import { botUserId, startFakeSlack } from "../test/adapters/slack/fake-slack-api.js";
import { nextMessageTs, sendEvent, slackTestSettings } from "../test/adapters/slack/signed-requests.js";
import { runDocent } from "../test/helpers/run-docent.js";
import { folderCrossings, folderOf } from "./folder-crossings.js";

/**
 * Which source files one Slack mention runs, from the Bolt event to the posted reply: the real adapter and chat
 * core over data/docs (no model), a fake Slack on 127.0.0.1. V8's precise coverage is reset after a first,
 * warm-up mention; the second mention's functions with a call count name the files it touched. Printed: files,
 * folders, imports between touched files that cross folders, and folder pairs that import each other.
 * Run: npx tsx bench/mention-walk.ts
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = await mkdtemp(path.join(tmpdir(), "docent-walk-"));
const indexDir = path.join(work, "index");
const ingest = await runDocent(["ingest", "--docs", path.join(root, "data/docs"), "--index", indexDir]);
if (ingest.code !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
const config = loadConfig({
  environment: {
    DOCENT_DOCS_DIR: path.join(root, "data/docs"),
    DOCENT_INDEX_DIR: indexDir,
    DOCENT_STATE_DIR: work,
  },
  envFile: null,
});
const service = await assembleAnswerer(config, silentLogger);
const core = createChatCore({ config, answerer: service, logger: silentLogger, platforms: chatPlatforms });
const fake = await startFakeSlack();
const adapter = await startSlackAdapter({
  settings: slackTestSettings(fake.apiUrl),
  core,
  logger: silentLogger,
});
const finished = () =>
  fake.calls.filter((call) => call.method === "assistant.threads.setStatus" && call.args.status === "")
    .length;
async function mention(text: string) {
  const before = finished();
  const event = {
    type: "app_mention",
    user: "U0ALICE",
    text: `<@${botUserId}> ${text}`,
    ts: nextMessageTs(),
    channel: "C0PUBLIC",
  };
  await sendEvent(adapter.port ?? 0, event);
  while (finished() === before) await new Promise((resolve) => setTimeout(resolve, 20));
}

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: false });
await mention("How many paid holidays are there?");
await session.post("Profiler.takePreciseCoverage");
await mention("When is the office closed for the holidays?");
const { result } = await session.post("Profiler.takePreciseCoverage");
await adapter.stop();
await fake.stop();
await service.close();

const touched = result
  .filter(
    (script) =>
      script.url.startsWith(`file://${root}/src/`) || script.url.startsWith(`file://${root}/ingest/`),
  )
  .filter((script) => script.functions.some((fn) => fn.ranges.some((range) => range.count > 0)))
  .map((script) => path.relative(root, fileURLToPath(script.url)));
const { crossings, pairs, mutual } = folderCrossings(root, touched);
const folders = [...new Set(touched.map(folderOf))].sort();
console.log(`files touched: ${touched.length}`);
console.log(`folders touched: ${folders.length} (${folders.join(", ")})`);
console.log(
  `imports crossing folders between touched files: ${crossings.length} (${pairs.size} folder pairs)`,
);
console.log(
  `folder pairs importing each other: ${mutual.length / 2}${mutual.length ? ` (${mutual.join("; ")})` : ""}`,
);
process.exit(0);
