/**
 * The chat cores bench/slack-load.ts puts behind the adapter, both with an engine that takes `engineMs` per answer
 * and works on at most `slots` questions at a time:
 * - "fake": the test fake with a FIFO queue in front of a timer, and nothing else (no retrieval, no ranking);
 * - "real": docent's own chat core and answer pipeline (access policy, rate limiter, local embeddings, retrieval
 *   and sentence ranking over data/docs, prompt, the openai-compatible engine with its queue) talking to a fake
 *   OpenAI-compatible server in a worker thread (slack-load-engine.ts). Everything a deployment with the default
 *   local embeddings runs on its event loop per question runs here; only the model is fake.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createAnswerService } from "../src/answer/answer-service.js";
import type { ChatCore, ChatQuestion, ChatReply } from "../src/chat-core/chat-core.js";
import { createChatCore } from "../src/chat-core/create-chat-core.js";
import { chatPlatforms } from "../src/cli/chat-platforms.js";
import { loadConfig } from "../src/config/config.js";
import { silentLogger } from "../src/logging/logger.js";
import { createFakeChatCore, handbookCitation, makeAnswer } from "../test/helpers/fake-chat-core.js";
import { projectRoot, runDocent } from "../test/helpers/run-docent.js";
import { startEngineWorker } from "./slack-load-workers.js";

export interface BenchCore {
  core: ChatCore;
  /** Questions asked so far; answers being generated now and the most at once. */
  stats(): Promise<{ asked: number; running: number; maxRunning: number }>;
  close(): Promise<void>;
}

export function createSlowFakeCore(engineMs: number, slots: number): BenchCore {
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
      if (stats.running < slots) return resolve();
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
  return { core: { ...base, ask }, stats: async () => ({ ...stats }), close: async () => {} };
}

/** data/docs ingested by the CLI into a temporary index; the engine's queue holds every question of the burst. */
export async function createRealCore(engineMs: number, slots: number, events: number): Promise<BenchCore> {
  const folder = await mkdtemp(path.join(tmpdir(), "docent-slack-load-"));
  const docsDir = path.join(projectRoot, "data/docs");
  const indexDir = path.join(folder, "index");
  const ingest = await runDocent(["ingest", "--json"], {
    env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir },
  });
  if (ingest.code !== 0) throw new Error(`ingest of data/docs failed: ${ingest.stderr}`);
  const engine = await startEngineWorker(engineMs);
  const config = loadConfig({
    environment: {
      DOCENT_DOCS_DIR: docsDir,
      DOCENT_INDEX_DIR: indexDir,
      DOCENT_ACCESS_FILE: path.join(folder, "access.yaml"),
      DOCENT_STATE_DIR: path.join(folder, "state"),
      LLM_PROVIDER: "openai-compatible",
      LLM_BASE_URL: `${engine.url}/v1`,
      LLM_MODEL: "bench-model",
      LLM_MAX_RETRIES: "0",
      LLM_CONCURRENCY: String(slots),
      LLM_QUEUE_LIMIT: String(events + 1),
      LOG_LEVEL: "silent",
    },
    envFile: null,
  });
  const service = await createAnswerService(config, silentLogger);
  const core = createChatCore({ config, service, logger: silentLogger, platforms: chatPlatforms });
  let asked = 0;
  return {
    core: {
      ...core,
      ask: (question) => {
        asked++;
        return core.ask(question);
      },
    },
    async stats() {
      const served = await engine.stats();
      return { asked, running: served.running, maxRunning: served.maxRunning };
    },
    async close() {
      await core.close();
      await service.close();
      await engine.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
