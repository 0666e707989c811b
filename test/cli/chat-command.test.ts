import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/answer-types.js";
import { type FakeChatServer, startFakeChatServer } from "../engines/fake-chat-server.js";
import { projectRoot, runDocent } from "../helpers/run-docent.js";

const docsDir = path.join(projectRoot, "data/docs");
let indexDir = "";
let server: FakeChatServer;

async function chatJson(turns: string[], env: Record<string, string> = {}): Promise<Answer[]> {
  const run = await runDocent(["chat", "--json"], {
    env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir, ...env },
    input: `${turns.join("\n")}\n`,
  });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return run.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Answer);
}

beforeAll(async () => {
  indexDir = await mkdtemp(path.join(tmpdir(), "docent-chat-"));
  const ingest = await runDocent(["ingest", "--json"], {
    env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir },
  });
  expect(ingest.code).toBe(0);
  server = await startFakeChatServer();
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(indexDir, { recursive: true, force: true });
});

describe("docent chat --json", () => {
  it("answers each line of standard input with one JSON answer line, as docent ask --json does", async () => {
    const answers = await chatJson([
      "How many weeks of paid parental leave do new parents get?",
      "",
      "Who is the CTO?",
    ]);
    expect(answers).toHaveLength(2);
    for (const answer of answers) {
      expect(answer).toMatchObject({ engine: "extractive", scopes: null, citations: expect.any(Array) });
      expect(typeof answer.text).toBe("string");
    }
    expect(answers[0]?.citations[0]?.source).toBe("hr/leave-policy.md");
  });

  it("keeps the lines as one conversation: the engine sees the earlier turns", async () => {
    server.script({ kind: "deltas", deltas: ["Parents get 20 weeks [1]."] });
    server.script({ kind: "deltas", deltas: ["The second parent gets 10 weeks [1]."] });
    const before = server.requests.length;
    const answers = await chatJson(
      ["How many weeks of paid parental leave do new parents get?", "And the second parent?"],
      {
        LLM_PROVIDER: "openai-compatible",
        LLM_BASE_URL: `${server.url}/v1`,
        LLM_MODEL: "llama-2-7b-chat",
        LLM_MAX_RETRIES: "0",
      },
    );
    expect(answers.map((answer) => answer.outcome)).toEqual(["answered", "answered"]);
    const second = server.requests[before + 1]?.body.messages as Array<{ role: string; content: string }>;
    expect(second.map((message) => message.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(second[1]?.content).toContain("parental leave");
    expect(second[2]?.content).toContain("Parents get 20 weeks");
  });
});
