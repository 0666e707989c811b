/**
 * Worker for bench/slack-load.ts: the fake Slack Web API on its own thread (its own event loop), so its ~1,400
 * answers do not queue behind or ahead of the bot's work. Answers the main thread's questions about what was posted.
 */
import { parentPort } from "node:worker_threads";
import { startFakeSlack } from "../test/adapters/slack/fake-slack-api.js";

export type FakeRequest =
  | { kind: "threads"; channel: string; threadTs: string[] }
  | { kind: "counts" }
  | { kind: "stop" };
export type FakeQuery = FakeRequest & { id: number };

export interface FakeAnswer {
  id: number;
  /** Messages per thread, in the order asked (threads), or Web API call counts (counts). */
  perThread?: number[];
  calls?: number;
  stopStreams?: number;
}

const port = parentPort;
if (port === null) throw new Error("slack-load-fake.ts runs as a worker thread");
const fake = await startFakeSlack();
port.on("message", async (query: FakeQuery) => {
  if (query.kind === "threads") {
    port.postMessage({
      id: query.id,
      perThread: query.threadTs.map((ts) => fake.thread(query.channel, ts).length),
    });
  } else if (query.kind === "counts") {
    port.postMessage({
      id: query.id,
      calls: fake.callsOf().length,
      stopStreams: fake.callsOf("chat.stopStream").length,
    });
  } else {
    await fake.stop();
    port.postMessage({ id: query.id });
    port.close();
  }
});
port.postMessage({ apiUrl: fake.apiUrl });
