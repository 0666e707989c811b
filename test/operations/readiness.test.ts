import path from "node:path";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { startSlackAdapter } from "../../src/adapters/slack/start-slack-adapter.js";
import { createAnswerService } from "../../src/answer/answer-service.js";
import { createChatCore } from "../../src/chat-core/create-chat-core.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { loadConfig } from "../../src/config/config.js";
import { createChatEngine } from "../../src/engines/create-chat-engine.js";
import { silentLogger } from "../../src/logging/logger.js";
import { type RunningOpsServer, startOpsServer } from "../../src/operations/ops-server.js";
import {
  type ReadinessCheck,
  type ReadinessReport,
  runReadinessChecks,
} from "../../src/operations/readiness.js";
import { engineReachable, readinessChecks } from "../../src/operations/readiness-checks.js";
import { startTestBot } from "../adapters/discord/start-test-bot.js";
import { startFakeSlack } from "../adapters/slack/fake-slack-api.js";
import { llmSettings } from "../engines/llm-settings.js";
import { createFakeChatCore } from "../helpers/fake-chat-core.js";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { type ModelListServer, startModelListServer } from "./readiness-model-server.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** An ops server on 127.0.0.1 serving these checks. */
async function serveChecks(checks: Record<string, ReadinessCheck>): Promise<RunningOpsServer> {
  const server = await startOpsServer({
    port: 0,
    host: "127.0.0.1",
    registry: new Registry(),
    readiness: () => runReadinessChecks(checks, 2000),
    logger: silentLogger,
  });
  cleanups.push(() => server.stop());
  return server;
}

async function readyz(server: RunningOpsServer): Promise<{ status: number; report: ReadinessReport }> {
  const response = await fetch(`http://127.0.0.1:${server.port}/readyz`);
  return { status: response.status, report: (await response.json()) as ReadinessReport };
}

async function modelServer(): Promise<ModelListServer> {
  const server = await startModelListServer();
  cleanups.push(() => server.close());
  return server;
}

/** A documents folder and an index folder that has no index yet; the answer service over them (extractive). */
async function unindexedService() {
  const folder = await makeTempFolder();
  await writeFiles(folder, {
    "docs/public/holidays.md": "# Holidays\n\nThe office closes on New Year's Day.\n",
  });
  const environment = {
    DOCENT_DOCS_DIR: path.join(folder, "docs"),
    DOCENT_INDEX_DIR: path.join(folder, "index"),
    DOCENT_STATE_DIR: path.join(folder, "state"),
  };
  const config = loadConfig({ environment, envFile: null });
  const service = await createAnswerService(config, silentLogger);
  cleanups.push(() => service.close());
  return { config, service, environment };
}

describe("GET /readyz", () => {
  it("is 503 naming the index while there is none, then 200 once one is published (extractive mode)", async () => {
    const { service, environment } = await unindexedService();
    const server = await serveChecks(
      readinessChecks({ knowledge: service.knowledge, engine: service.engine, adapters: {} }),
    );
    const before = await readyz(server);
    expect(before.status).toBe(503);
    expect(before.report).toEqual({
      ready: false,
      checks: { index: { ok: false, error: "INDEX_MISSING" }, engine: { ok: true, engine: "extractive" } },
    });
    const ingest = await runDocent([
      "ingest",
      "--docs",
      environment.DOCENT_DOCS_DIR,
      "--index",
      environment.DOCENT_INDEX_DIR,
    ]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const after = await readyz(server);
    expect(after.status).toBe(200);
    expect(after.report.ready).toBe(true);
    expect(after.report.checks.index).toMatchObject({
      ok: true,
      generation: expect.stringMatching(/^gen-/),
      chunks: 1,
    });
  }, 60_000);

  it("is 503 when a chat adapter has lost its connection (Discord's gateway closed for good)", async () => {
    const { config, service, environment } = await unindexedService();
    expect(
      (
        await runDocent([
          "ingest",
          "--docs",
          environment.DOCENT_DOCS_DIR,
          "--index",
          environment.DOCENT_INDEX_DIR,
        ])
      ).code,
    ).toBe(0);
    const core = createChatCore({ platforms: chatPlatforms, config, service, logger: silentLogger });
    const bot = await startTestBot(core);
    cleanups.push(() => bot.stop());
    const { discord } = bot;
    const adapter = { connected: () => bot.connected() };
    const server = await serveChecks(
      readinessChecks({ knowledge: service.knowledge, engine: null, adapters: { discord: adapter } }),
    );
    const connected = await readyz(server);
    expect(connected.status).toBe(200);
    expect(connected.report.checks.discord).toEqual({ ok: true });

    discord.disconnect(4004); // Authentication failed: discord.js does not reconnect.
    let disconnected = await readyz(server);
    for (let attempt = 0; attempt < 200 && disconnected.status === 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      disconnected = await readyz(server);
    }
    expect(disconnected.status).toBe(503);
    expect(disconnected.report.checks).toMatchObject({ discord: { ok: false }, index: { ok: true } });
    expect(adapter.connected()).toBe(false);
  }, 60_000);

  it("is 503 when the engine's server does not answer, 200 when it does (OpenAI-compatible and Ollama)", async () => {
    const models = await modelServer();
    const openai = await createChatEngine(
      llmSettings({
        provider: "openai-compatible",
        baseUrl: `${models.url}/v1`,
        apiKey: "sk-probe",
        model: "test-model",
      }),
      silentLogger,
    );
    const ollama = await createChatEngine(
      llmSettings({ provider: "ollama", baseUrl: models.url }),
      silentLogger,
    );
    const server = await serveChecks({
      openai: engineReachable(openai, 0),
      ollama: engineReachable(ollama, 0),
    });
    const up = await readyz(server);
    expect(up.status).toBe(200);
    expect(up.report.checks).toEqual({
      openai: {
        ok: true,
        engine: "openai-compatible:test-model",
        detail: `the server at ${models.url}/v1 has the model test-model`,
      },
      ollama: {
        ok: true,
        engine: "ollama:llama2",
        detail: `the Ollama server at ${models.url} has the model llama2`,
      },
    });
    expect(models.requests).toEqual(
      expect.arrayContaining([
        { path: "/v1/models", authorization: "Bearer sk-probe" },
        { path: "/api/tags", authorization: undefined },
      ]),
    );

    models.answerWith(503);
    const failing = await readyz(server);
    expect(failing.status).toBe(503);
    expect(failing.report.checks.openai).toEqual({
      ok: false,
      engine: "openai-compatible:test-model",
      detail: `the server at ${models.url}/v1 answers with a server error (GET ${models.url}/v1/models: HTTP 503)`,
      fix: "look at that server's own log; docent asks again at the next check",
    });

    await models.close();
    const gone = await readyz(server);
    expect(gone.status).toBe(503);
    expect(gone.report.checks.ollama).toEqual({
      ok: false,
      engine: "ollama:llama2",
      detail: `nothing answers at ${models.url}: connection refused (ECONNREFUSED)`,
      fix: "start Ollama (`ollama serve`) or point LLM_BASE_URL at the machine where it runs",
    });
  });

  it("asks the model server at most once per cache period, concurrent probes sharing one request", async () => {
    const models = await modelServer();
    const engine = await createChatEngine(
      llmSettings({ provider: "ollama", baseUrl: models.url }),
      silentLogger,
    );
    const check = engineReachable(engine, 60_000);
    const results = await Promise.all([check(), check(), check()]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(await check()).toMatchObject({ ok: true });
    expect(models.requests).toHaveLength(1);
  });

  it("counts a check that does not answer in time as failed, so a probe always gets an answer", async () => {
    const report = await runReadinessChecks(
      { stuck: () => new Promise(() => {}), fine: async () => ({ ok: true }) },
      50,
    );
    expect(report).toEqual({
      ready: false,
      checks: { stuck: { ok: false, error: "no answer within 50 ms" }, fine: { ok: true } },
    });
  });
});

describe("the Slack adapter's connection, as readiness sees it", () => {
  const settings = (apiUrl: string, appToken?: string) => ({
    botToken: "xoxb-ready-test",
    appToken,
    signingSecret: "ready-test-secret",
    apiUrl,
    slashCommand: "/docent",
    answerFollowUps: true,
    ignoreBots: true,
    port: 0,
  });

  it("is connected while the HTTP receiver listens, and not after stop", async () => {
    const slack = await startFakeSlack();
    cleanups.push(() => slack.stop());
    const adapter = await startSlackAdapter({
      settings: settings(slack.apiUrl),
      core: createFakeChatCore(),
      logger: silentLogger,
    });
    expect(adapter.connected()).toBe(true);
    await adapter.stop();
    expect(adapter.connected()).toBe(false);
  });

  it("in Socket Mode, is connected while the socket is open and not once Slack has closed it", async () => {
    const slack = await startFakeSlack();
    const adapter = await startSlackAdapter({
      settings: settings(slack.apiUrl, "xapp-ready-test"),
      core: createFakeChatCore(),
      logger: silentLogger,
    });
    cleanups.push(() => adapter.stop());
    expect(adapter.connected()).toBe(true);
    await slack.stop();
    for (let attempt = 0; attempt < 200 && adapter.connected(); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(adapter.connected()).toBe(false);
  });
});
