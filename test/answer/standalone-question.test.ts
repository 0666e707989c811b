import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer, HistoryTurn } from "../../src/answer/answer-types.js";
import { rewriteInstructions } from "../../src/answer/standalone-prompt.js";
import { type AssembledAnswerer, assembleAnswerer } from "../../src/cli/assemble-answerer.js";
import { loadConfig } from "../../src/config/config.js";
import { LocalEmbeddings } from "../../src/embeddings/local-embeddings.js";
import type { Logger } from "../../src/logging/logger.js";
import { silentLogger } from "../../src/logging/logger.js";
import { findClosedPort } from "../embeddings/fake-embedding-server.js";
import { createRecordingLogger } from "../embeddings/recording-logger.js";
import { type FakeChatServer, startFakeChatServer, waitUntil } from "../engines/fake-chat-server.js";
import { ingestFolder } from "../helpers/ingest-fixture.js";
import { projectRoot } from "../helpers/run-docent.js";

/**
 * The model's standalone rewrite of a follow-up, through the real LangChain clients (ChatOpenAI, ChatOllama)
 * against a loopback server, over the sample documents: what retrieval finds with the rewrite, and the fall back
 * to the offline reading when the engine is slow, down, busy or says something unusable.
 */
let indexDir = "";
const servers: FakeChatServer[] = [];
const services: AssembledAnswerer[] = [];

beforeAll(async () => {
  indexDir = await mkdtemp(path.join(tmpdir(), "docent-rewrite-"));
  await ingestFolder(path.join(projectRoot, "data/docs"), indexDir, new LocalEmbeddings(), {
    chunking: { chunkSize: 1000, chunkOverlap: 150 },
  });
}, 60_000);

afterAll(async () => {
  for (const service of services) await service.close();
  for (const server of servers) await server.close();
  await rm(indexDir, { recursive: true, force: true });
});

async function startServer(): Promise<FakeChatServer> {
  const server = await startFakeChatServer();
  servers.push(server);
  return server;
}

async function serviceFor(environment: Record<string, string>, logger: Logger = silentLogger) {
  const config = loadConfig({ envFile: null, environment, overrides: { DOCENT_INDEX_DIR: indexDir } });
  const service = await assembleAnswerer(config, logger);
  services.push(service);
  return service;
}

const openAI = (url: string, extra: Record<string, string> = {}) => ({
  LLM_PROVIDER: "openai-compatible",
  LLM_BASE_URL: `${url}/v1`,
  LLM_MODEL: "llama-2-7b-chat",
  LLM_MAX_RETRIES: "0",
  ...extra,
});

const dental: HistoryTurn[] = [
  { author: "user", text: "How much does dental insurance cover in Portugal?" },
  { author: "assistant", text: "Dental care in Portugal is covered up to a yearly limit [1]." },
];
const followUp = "what about Canada?";

type WireMessage = { role: string; content: string };
const messagesOf = (server: FakeChatServer, index: number) =>
  (server.requests[index]?.body.messages ?? []) as WireMessage[];
/** The last message of an answer request: the numbered sources and the question. */
const sourcesSent = (server: FakeChatServer, index: number) =>
  messagesOf(server, index).at(-1)?.content ?? "";

describe("with an OpenAI-compatible engine (ChatOpenAI)", () => {
  let server: FakeChatServer;
  let service: AssembledAnswerer;
  const logger = createRecordingLogger();
  beforeAll(async () => {
    server = await startServer();
    service = await serviceFor(openAI(server.url), logger);
  });

  async function ask(text: string, history: HistoryTurn[] = dental): Promise<Answer> {
    server.script({ kind: "deltas", deltas: ["See the sources [1]."] });
    return service.answer({ text, history });
  }

  it("searches with the model's rewrite, while the answer prompt keeps the question as asked and the history", async () => {
    server.scriptRewrite({ kind: "deltas", deltas: ["What are the office ", "hours in Canada?"] });
    const [answers, rewrites] = [server.requests.length, server.rewriteRequests.length];
    const answer = await ask(followUp);
    expect(answer.searchedAs).toEqual({
      how: "rewritten",
      text: "What are the office hours in Canada?",
      rewriteMs: expect.any(Number),
    });
    // The passages are the rewrite's (the Halifax office's hours), not the dental plan the history is about.
    const sent = sourcesSent(server, answers);
    expect(sent).toContain("public/offices-and-hours.md");
    expect(sent).toContain("07:30");
    expect(sent).not.toContain("CA$2,000");
    expect(sent).toContain(`<question>\n${followUp}\n</question>`);
    expect(messagesOf(server, answers).map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
    const rewrite = server.rewriteRequests[rewrites]?.body.messages as WireMessage[];
    expect(rewrite.map((message) => message.role)).toEqual(["system", "user"]);
    expect(rewrite[0]?.content).toBe(rewriteInstructions);
    expect(rewrite[1]?.content).toContain("Asker: How much does dental insurance cover in Portugal?");
    expect(rewrite[1]?.content).toContain("Docent: Dental care in Portugal is covered up to a yearly limit.");
    expect(rewrite[1]?.content).toContain(`Latest question: ${followUp}`);
  });

  it("logs how the question was read, never its text without DOCENT_LOG_CONTENT", async () => {
    server.scriptRewrite({ kind: "deltas", deltas: ["How much does dental insurance cover in Canada?"] });
    logger.entries.length = 0;
    await ask(followUp);
    const line = logger.entries.find((entry) => entry.message === "question answered");
    expect(line?.fields.searchedAs).toEqual({ how: "rewritten", rewriteMs: expect.any(Number) });
    expect(logger.entries.find((entry) => entry.fields.rewrite === "used")?.level).toBe("debug");
    expect(JSON.stringify(logger.entries)).not.toMatch(/dental|Canada/i);
  });

  it("searches a question that stands on its own alone, when the model returns it unchanged", async () => {
    const rewrites = server.rewriteRequests.length;
    const answers = server.requests.length;
    const answer = await ask("Which Wi-Fi network can visitors use?");
    expect(server.rewriteRequests).toHaveLength(rewrites + 1);
    expect(answer.searchedAs).toEqual({ how: "alone", reason: "unchanged", rewriteMs: expect.any(Number) });
    expect(sourcesSent(server, answers)).toContain("QL-Guest");
    expect(sourcesSent(server, answers)).not.toContain("dental");
  });

  it("reads a follow-up the model gives back unchanged with what it leans on, since it cannot stand alone", async () => {
    // The server's default rewrite is the latest question as asked: a model that did not resolve "Canada" to dental.
    const answers = server.requests.length;
    const answer = await ask(followUp);
    expect(answer.searchedAs).toEqual({
      how: "fallback",
      reason: "unchanged-incomplete",
      rewriteMs: expect.any(Number),
    });
    expect(sourcesSent(server, answers)).toContain("dental");
  });

  it("asks for no rewrite when there is no conversation", async () => {
    const rewrites = server.rewriteRequests.length;
    const answer = await ask(followUp, []);
    expect(answer.searchedAs).toEqual({ how: "alone", reason: "no-history" });
    expect(server.rewriteRequests).toHaveLength(rewrites);
  });

  it("reads only the first line of the rewrite and stops the request there", async () => {
    const rest = Array.from({ length: 30 }, () => "and then the model goes on to explain itself ");
    server.scriptRewrite({
      kind: "deltas",
      deltas: ["How much does dental insurance cover in Canada?\n", ...rest],
      delayMs: 20,
    });
    const rewrites = server.rewriteRequests.length;
    const answers = server.requests.length;
    const answer = await ask(followUp);
    expect(answer.searchedAs).toMatchObject({
      how: "rewritten",
      text: "How much does dental insurance cover in Canada?",
    });
    expect(sourcesSent(server, answers)).toContain("CA$2,000");
    expect(await server.rewriteRequests[rewrites]?.closedEarly).toBe(true);
  });

  it.each([
    ["an answer", ["Dental care in Canada is covered up to CA$2,000 a year [1]."], "answer"],
    ["a refusal", ["I'm sorry, but I can't help with that."], "refusal"],
    ["nothing", [" ", "\n"], "empty"],
    ["a statement", ["Dental insurance in Canada."], "not-a-question"],
    ["another question", ["What is the capital of France?"], "unrelated"],
  ])("falls back to the offline reading when the rewrite is %s", async (_kind, deltas, reason) => {
    server.scriptRewrite({ kind: "deltas", deltas });
    const answers = server.requests.length;
    const answer = await ask(followUp);
    expect(answer.searchedAs).toEqual({ how: "fallback", reason, rewriteMs: expect.any(Number) });
    // The offline reading searches the follow-up with the question before it.
    expect(sourcesSent(server, answers)).toContain("CA$2,000");
    expect(answer.outcome).toBe("answered");
  });

  it("stops reading a rewrite that runs past its cap, aborts the request and falls back", async () => {
    const words = Array.from({ length: 120 }, (_, index) => `word${index} `);
    server.scriptRewrite({ kind: "deltas", deltas: words, delayMs: 10 });
    const rewrites = server.rewriteRequests.length;
    const answer = await ask(followUp);
    expect(answer.searchedAs).toMatchObject({ how: "fallback", reason: "too-long" });
    expect(await server.rewriteRequests[rewrites]?.closedEarly).toBe(true);
  });

  it("stops at once, rewrite request and all, when the asker goes away during the rewrite", async () => {
    server.scriptRewrite({ kind: "silent" });
    const [answers, rewrites] = [server.requests.length, server.rewriteRequests.length];
    const controller = new AbortController();
    const answering = service.answer({ text: followUp, history: dental, signal: controller.signal });
    await waitUntil(() => server.rewriteRequests.length > rewrites);
    controller.abort();
    await expect(answering).rejects.toMatchObject({ code: "CANCELLED" });
    expect(await server.rewriteRequests[rewrites]?.closedEarly).toBe(true);
    expect(server.requests).toHaveLength(answers);
  });

  it("skips the rewrite while the engine's only slot is taken, rather than wait behind an answer", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.script({ kind: "deltas", deltas: ["Busy [1]."], gate });
    const answers = server.requests.length;
    const rewrites = server.rewriteRequests.length;
    const first = service.answer({ text: "How many vacation days do I get?" });
    await waitUntil(() => server.requests.length > answers);
    const second = ask(followUp);
    await waitUntil(() => service.engine?.queueLength() === 1);
    release();
    await first;
    const answer = await second;
    expect(answer.searchedAs).toEqual({ how: "with-history", reason: "engine-busy" });
    expect(server.rewriteRequests).toHaveLength(rewrites);
  });
});

describe("the rewrite's deadline and failures", () => {
  it("falls back when the engine is slower than LLM_REWRITE_TIMEOUT_MS, and aborts the request", async () => {
    const server = await startServer();
    const logger = createRecordingLogger();
    const service = await serviceFor(openAI(server.url, { LLM_REWRITE_TIMEOUT_MS: "300" }), logger);
    server.scriptRewrite({ kind: "silent" });
    server.script({ kind: "deltas", deltas: ["Up to CA$2,000 [1]."] });
    const answer = await service.answer({ text: followUp, history: dental });
    expect(answer.searchedAs).toEqual({ how: "fallback", reason: "timeout", rewriteMs: expect.any(Number) });
    expect(await server.rewriteRequests[0]?.closedEarly).toBe(true);
    expect(sourcesSent(server, 0)).toContain("CA$2,000");
    expect(answer.outcome).toBe("answered");
    const fallback = logger.entries.find((entry) => entry.fields.rewrite === "fallback");
    expect(fallback).toMatchObject({ level: "info", fields: { reason: "timeout" } });
  });

  it("falls back when the engine fails the rewrite with a 500", async () => {
    const server = await startServer();
    const logger = createRecordingLogger();
    const service = await serviceFor(openAI(server.url), logger);
    server.scriptRewrite({ kind: "status", status: 500 });
    const answer = await service.answer({ text: followUp, history: dental });
    expect(answer.searchedAs).toMatchObject({ how: "fallback", reason: "engine-failed" });
    const fallback = logger.entries.find((entry) => entry.fields.rewrite === "fallback");
    expect(fallback?.fields).toMatchObject({ reason: "engine-failed", code: "ENGINE_UNAVAILABLE" });
    // The engine is then paused as down (assemble-chat-engine.ts): the answer is the offline reading's passages.
    expect(answer.outcome).toBe("engine-failed");
    expect(answer.citations.map((citation) => citation.source)).toContain("hr/benefits-summary-2026.pdf");
  });

  it("falls back when the engine refuses the connection", async () => {
    const port = await findClosedPort();
    const service = await serviceFor(openAI(`http://127.0.0.1:${port}`));
    const answer = await service.answer({ text: followUp, history: dental });
    expect(answer.searchedAs).toMatchObject({ how: "fallback", reason: "engine-failed" });
    expect(answer.citations.map((citation) => citation.source)).toContain("hr/benefits-summary-2026.pdf");
  });

  it("asks for no rewrite with LLM_REWRITE_TIMEOUT_MS=0: the follow-up is read with the history", async () => {
    const server = await startServer();
    const service = await serviceFor(openAI(server.url, { LLM_REWRITE_TIMEOUT_MS: "0" }));
    const answer = await service.answer({ text: followUp, history: dental });
    expect(answer.searchedAs).toEqual({ how: "with-history", reason: "off" });
    expect(server.rewriteRequests).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
    expect(sourcesSent(server, 0)).toContain("CA$2,000");
  });

  it("reads the follow-up with the history when no engine is configured", async () => {
    const service = await serviceFor({});
    const answer = await service.answer({ text: followUp, history: dental });
    expect(answer.searchedAs).toEqual({ how: "with-history", reason: "no-engine" });
    expect(answer.text).toContain("CA$2,000");
  });

  it("logs the rewritten question with DOCENT_LOG_CONTENT=true", async () => {
    const server = await startServer();
    const logger = createRecordingLogger();
    const service = await serviceFor(openAI(server.url, { DOCENT_LOG_CONTENT: "true" }), logger);
    server.scriptRewrite({ kind: "deltas", deltas: ["How much does dental insurance cover in Canada?"] });
    await service.answer({ text: followUp, history: dental });
    const line = logger.entries.find((entry) => entry.message === "question answered");
    expect(line?.fields.searchedAs).toMatchObject({
      how: "rewritten",
      text: "How much does dental insurance cover in Canada?",
    });
  });
});

describe("with an Ollama engine (ChatOllama)", () => {
  const ollama = (url: string, extra: Record<string, string> = {}) => ({
    LLM_PROVIDER: "ollama",
    LLM_BASE_URL: url,
    LLM_MODEL: "llama2",
    LLM_MAX_RETRIES: "0",
    ...extra,
  });

  it("rewrites a follow-up and searches with the rewrite", async () => {
    const server = await startServer();
    const service = await serviceFor(ollama(server.url));
    server.scriptRewrite({ kind: "deltas", deltas: ["How much does dental ", "insurance cover in Canada?"] });
    server.script({ kind: "deltas", deltas: ["Up to CA$2,000 [1]."] });
    const answer = await service.answer({ text: followUp, history: dental });
    expect(server.rewriteRequests[0]?.path).toBe("/api/chat");
    expect(answer.searchedAs).toMatchObject({
      how: "rewritten",
      text: "How much does dental insurance cover in Canada?",
    });
    expect(sourcesSent(server, 0)).toContain("CA$2,000");
    expect(answer.outcome).toBe("answered");
  });

  it("aborts a slow rewrite at the deadline and falls back", async () => {
    const server = await startServer();
    const service = await serviceFor(ollama(server.url, { LLM_REWRITE_TIMEOUT_MS: "300" }));
    server.scriptRewrite({ kind: "silent" });
    const answer = await service.answer({ text: followUp, history: dental });
    expect(answer.searchedAs).toMatchObject({ how: "fallback", reason: "timeout" });
    expect(await server.rewriteRequests[0]?.closedEarly).toBe(true);
    expect(sourcesSent(server, 0)).toContain("CA$2,000");
  });
});
