import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer, HistoryTurn } from "../../src/answer/answer-types.js";
import { type AssembledAnswerer, assembleAnswerer } from "../../src/cli/assemble-answerer.js";
import { loadConfig } from "../../src/config/config.js";
import { LocalEmbeddings } from "../../src/embeddings/local-embeddings.js";
import { silentLogger } from "../../src/logging/logger.js";
import { type FakeChatServer, startFakeChatServer } from "../engines/fake-chat-server.js";
import { ingestFolder } from "../helpers/ingest-fixture.js";
import { projectRoot } from "../helpers/run-docent.js";

/**
 * The answer pipeline for real, over the sample documents: understanding, retrieval, ranking by sentence, the
 * coverage decision, quoting (no model) and the prompt to a model (a loopback OpenAI-compatible server).
 */
let indexDir = "";
let extractive: AssembledAnswerer;
let withModel: AssembledAnswerer;
let server: FakeChatServer;

beforeAll(async () => {
  indexDir = await mkdtemp(path.join(tmpdir(), "docent-pipeline-"));
  await ingestFolder(path.join(projectRoot, "data/docs"), indexDir, new LocalEmbeddings(), {
    chunking: { chunkSize: 1000, chunkOverlap: 150 },
  });
  server = await startFakeChatServer();
  const settings = (environment: Record<string, string>) =>
    loadConfig({ envFile: null, environment, overrides: { DOCENT_INDEX_DIR: indexDir } });
  extractive = await assembleAnswerer(settings({}), silentLogger);
  withModel = await assembleAnswerer(
    settings({
      LLM_PROVIDER: "openai-compatible",
      LLM_BASE_URL: `${server.url}/v1`,
      LLM_MODEL: "llama-2-7b-chat",
      LLM_MAX_RETRIES: "0",
    }),
    silentLogger,
  );
}, 60_000);

afterAll(async () => {
  await extractive?.close();
  await withModel?.close();
  await server?.close();
  await rm(indexDir, { recursive: true, force: true });
});

/** Asks the turns as one conversation; returns the last answer. */
async function converse(service: AssembledAnswerer, turns: string[], scopes?: string[]): Promise<Answer> {
  const history: HistoryTurn[] = [];
  let answer: Answer | undefined;
  for (const text of turns) {
    answer = await service.answer({ text, scopes, history: [...history] });
    history.push({ author: "user", text }, { author: "assistant", text: answer.text });
  }
  if (answer === undefined) throw new Error("no turns");
  return answer;
}

const sources = (answer: Answer) => answer.citations.map((citation) => citation.source);
const plain = (text: string) => text.replace(/\*\*/g, "");

describe("without a model", () => {
  it("answers a question in the asker's own words, quoting the sentence with the fact", async () => {
    const answer = await converse(extractive, ["How many vacation days do I get?"]);
    expect(answer.outcome).toBe("excerpts");
    expect(sources(answer)).toContain("hr/leave-policy.md");
    expect(plain(answer.text)).toContain("25 working days");
  });

  it("accepts synonyms and shorthand the documents don't use", async () => {
    const kids = await converse(extractive, ["does our medical cover in portugal include the kids?"]);
    expect(kids.outcome).toBe("excerpts");
    expect(plain(kids.text)).toContain("children under 25");
    const wifi = await converse(extractive, ["which wifi can visitors use?"]);
    expect(plain(wifi.text)).toContain("QL-Guest");
  });

  it("reads chat spelling as the everyday words it is: 'im', 'cant', 'lol', 'tbh' do not weigh like rare words", async () => {
    const sickNote = await converse(extractive, [
      "im off sick since monday lol, at what point do i need a doctors note tho?",
    ]);
    expect(sickNote.outcome).toBe("excerpts");
    expect(plain(sickNote.text)).toContain("From the fourth consecutive day");
    const wifi = await converse(extractive, ["im new, whats the wifi for guests tbh?"]);
    expect(wifi.outcome).toBe("excerpts");
    expect(plain(wifi.text)).toContain("QL-Guest");
  });

  it("finds the documents' words for what people call things at work ('pension' for a retirement savings plan)", async () => {
    const answer = await converse(extractive, ["does the company pay into a pension for us in portugal?"]);
    expect(answer.outcome).toBe("excerpts");
    expect(plain(answer.text)).toContain("3% of your salary");
  });

  it("declines a question nothing in the documents relates to, quoting nothing", async () => {
    const answer = await converse(extractive, ["What is the boiling point of liquid nitrogen?"], ["public"]);
    expect(answer.outcome).toBe("not-covered");
    expect(answer.text).toMatch(
      /^I couldn't find an answer to that in the documents I can search here \(public\)\./,
    );
    expect(answer.grounded).toBe(false);
  });

  it("frames what it quotes by what it knows: an answer, the closest passages, or a plain 'not found'", async () => {
    const closest = await converse(extractive, [
      "Is there a spending limit on gifts we send to customers at Christmas?",
    ]);
    expect(closest.outcome).toBe("closest-passages");
    expect(closest.grounded).toBe(false);
    expect(closest.text).toMatch(
      /^I'm not sure the documents answer this\. These passages come closest:\n\n> /,
    );
    expect(closest.citations.length).toBeGreaterThan(0);
    const unmentioned = await converse(extractive, ["Where does the company zeppelin tour start?"]);
    expect(unmentioned).toMatchObject({ outcome: "not-covered", citations: [] });
    expect(unmentioned.text).toBe(
      "I couldn't find an answer to that in the documents. They don't mention \"zeppelin\".",
    );
    for (const answer of [closest, unmentioned]) expect(answer.text).not.toMatch(/couldn't find[\s\S]*\n> /);
  });

  it("answers a message that asks two things part by part, quoting each part's answer", async () => {
    const answer = await converse(extractive, [
      "Who do I tell when I'm off sick, and what's the guest wifi network called?",
    ]);
    expect(answer.outcome).toBe("excerpts");
    expect(plain(answer.text)).toContain("QL-Guest");
    expect(plain(answer.text)).toContain("Tell your manager by 10:00 your local time");
    const dates = await converse(extractive, [
      "How long is probation for new hires in Portugal, and when is the company anniversary day off?",
    ]);
    expect(plain(dates.text)).toContain("180 days");
    expect(plain(dates.text)).toContain("Friday 15 May 2026");
  });

  it("reads misspelled words as the words meant, against the documents' own vocabulary", async () => {
    const kids = await converse(extractive, ["does the helth insurance in portugal cover my kids?"]);
    expect(kids.outcome).toBe("excerpts");
    expect(plain(kids.text)).toContain("children under 25");
    const dental = await converse(extractive, ["what's the dentl cover in canada?"]);
    expect(dental.outcome).toBe("excerpts");
    expect(plain(dental.text)).toContain("CA$2,000");
  });

  it("quotes a table row whole, under its header row", async () => {
    const answer = await converse(extractive, ["how long is paternity leave for the second parent?"]);
    expect(answer.text).toContain(
      "> | Type | Paid leave | When |\n> | --- | --- | --- |\n> | Second parent | **10 weeks** at full pay | Any time in the first 12 months, in up to three blocks |",
    );
  });

  it("searches a follow-up with the conversation before it", async () => {
    const followUp = await converse(extractive, [
      "How much does dental insurance cover in Portugal?",
      "what about Canada?",
    ]);
    expect(plain(followUp.text)).toContain("CA$2,000");
    expect(sources(followUp)).toContain("hr/benefits-summary-2026.pdf");
    const alone = await converse(extractive, ["what about Canada?"]);
    expect(plain(alone.text)).not.toContain("CA$2,000");
  });

  it("searches a question that stands on its own alone, whatever the conversation asked before", async () => {
    const turns = [
      "how many vacation days do i get?",
      "im sick today, who do i tell?",
      "how long is paternity leave",
    ];
    const inConversation = await converse(extractive, turns);
    const alone = await converse(extractive, turns.slice(-1));
    expect(plain(inConversation.text)).toContain("10 weeks");
    expect(inConversation.text).toBe(alone.text);
    expect(sources(inConversation)).toEqual(sources(alone));
  });

  it("uses the conversation for a question that points back only when it finds a better answer with it", async () => {
    const followUp = await converse(extractive, [
      "what's the annual leave allowance for full-timers?",
      "can the unused days roll over to next year?",
    ]);
    expect(sources(followUp)).toContain("hr/leave-policy.md");
    const shift = await converse(extractive, [
      "which days can I bring my dog to the porto office?",
      "my old dog died last night :( is there any leave for losing a pet?",
    ]);
    const shiftAlone = await converse(extractive, [
      "my old dog died last night :( is there any leave for losing a pet?",
    ]);
    expect(shift.text).toBe(shiftAlone.text);
  });

  it("keeps a follow-up inside the conversation's scopes", async () => {
    const answer = await converse(
      extractive,
      ["How much does dental insurance cover in Portugal?", "what about Canada?"],
      ["public"],
    );
    expect(answer.citations.every((citation) => citation.scope === "public")).toBe(true);
    expect(answer.text).not.toContain("CA$2,000");
  });
});

describe("with a model", () => {
  it("sends a paraphrased question to the model with the passages that answer it", async () => {
    server.script({ kind: "deltas", deltas: ["Full-timers get 25 working days [1]."] });
    const before = server.requests.length;
    const answer = await converse(withModel, ["how many days off do full-timers get each year?"]);
    expect(server.requests.length).toBe(before + 1);
    const prompt = JSON.stringify(server.requests[before]?.body.messages);
    expect(prompt).toContain("hr/leave-policy.md");
    expect(prompt).toContain("25 working days");
    expect(answer).toMatchObject({ outcome: "answered", grounded: true });
  });

  it("lets the model say that the passages don't answer, and replies 'not covered' with the closest sources", async () => {
    server.script({ kind: "deltas", deltas: ["The documents ", "don't cover this."] });
    const answer = await converse(withModel, ["Can I expense my home internet bill?"]);
    expect(answer.outcome).toBe("not-covered");
    expect(answer.text).toMatch(/^I couldn't find an answer to that in the documents\. You could look at: /);
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it("tells the model the exact sentence to use when the sources don't answer", async () => {
    server.script({ kind: "deltas", deltas: ["The documents don't cover this."] });
    const before = server.requests.length;
    await converse(withModel, ["Is there a cycle-to-work scheme?"]);
    const messages = server.requests[before]?.body.messages as Array<{ content: string }> | undefined;
    const system = messages?.[0]?.content;
    expect(system).toContain(
      "reply with exactly this sentence and nothing else: The documents don't cover this.",
    );
  });

  it("declines a question nothing relates to without asking the model", async () => {
    const before = server.requests.length;
    const answer = await converse(withModel, ["What is the boiling point of liquid nitrogen?"], ["public"]);
    expect(answer.outcome).toBe("not-covered");
    expect(server.requests.length).toBe(before);
  });

  it("sends a follow-up with the passages its conversation needs, searched as the model rewrote it", async () => {
    server.script(
      { kind: "deltas", deltas: ["x [1]."] },
      { kind: "deltas", deltas: ["Up to CA$2,000 [1]."] },
    );
    server.scriptRewrite({ kind: "deltas", deltas: ["How much does dental insurance cover in Canada?"] });
    const before = server.requests.length;
    await converse(withModel, ["How much does dental insurance cover in Portugal?", "what about Canada?"]);
    expect(JSON.stringify(server.requests[before + 1]?.body.messages)).toContain("CA$2,000");
  });
});
