import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/answer-types.js";
import { runDocent } from "../helpers/run-docent.js";
import { sampleDocsDir, useSampleIndex } from "../helpers/sample-index.js";

const sample = useSampleIndex("docent-ask-");
const parentalLeave = "How many weeks of paid parental leave do new parents get?";

async function ask(args: string[], env: Record<string, string> = {}): Promise<Answer> {
  const run = await runDocent(["ask", "--json", ...args], {
    env: sample.env(env),
  });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Answer;
}

describe("docent ask --json over the sample documents", () => {
  it("answers with quoted, cited passages when no model is configured", async () => {
    const answer = await ask([parentalLeave]);
    expect(answer).toMatchObject({ outcome: "excerpts", engine: "extractive", grounded: true, scopes: null });
    expect(answer.citations[0]).toMatchObject({ n: 1, source: "hr/leave-policy.md", scope: "hr" });
    expect(answer.text).toContain("[1]");
  });

  it("never cites a document outside the asked scopes", async () => {
    const answer = await ask(["--scope", "public", parentalLeave]);
    expect(answer.scopes).toEqual(["public"]);
    expect(answer.citations.every((citation) => citation.scope === "public")).toBe(true);
  });

  it("sends a grounded prompt to an OpenAI-compatible server and returns its cited, streamed answer", async () => {
    sample.server.script({ kind: "deltas", deltas: ["New parents get ", "paid leave ", "[1]."] });
    const before = sample.server.requests.length;
    const answer = await ask([parentalLeave], sample.openAICompatible());
    expect(answer).toMatchObject({
      outcome: "answered",
      grounded: true,
      engine: expect.stringContaining("llama-2-7b-chat"),
    });
    expect(answer.text).toBe("New parents get paid leave [1].");
    expect(answer.citations.map((citation) => citation.n)).toEqual([1]);
    expect(answer.usage.promptTokens).toBeGreaterThan(0);
    expect(answer.usage.promptTokens + 512).toBeLessThanOrEqual(4096);

    const request = sample.server.requests[before];
    expect(request?.body).toMatchObject({ model: "llama-2-7b-chat", stream: true });
    const messages = request?.body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]?.role).toBe("system");
    expect(messages.at(-1)?.content).toContain(parentalLeave);
    const prompt = messages.map((message) => message.content).join("\n");
    expect(prompt).toContain("hr/leave-policy.md");
  });

  it("replaces an answer that cites no real source with the not-covered reply", async () => {
    // The prompt holds up to DOCENT_TOP_K passages and the best units' passages retrieval left out: [99] is none.
    sample.server.script({ kind: "deltas", deltas: ["Parents get leave [99]."] });
    const answer = await ask([parentalLeave], sample.openAICompatible());
    expect(answer.outcome).toBe("not-covered");
    expect(answer.grounded).toBe(false);
    expect(answer.text).not.toContain("[99]");
  });

  it("answers with a friendly sentence and the passages when the engine fails, without error details", async () => {
    sample.server.script({ kind: "status", status: 500 });
    const answer = await ask([parentalLeave], sample.openAICompatible());
    expect(answer.outcome).toBe("engine-failed");
    expect(answer.text).toMatch(/^The language model is not reachable right now\./);
    expect(answer.text).not.toMatch(/500|status|error/i);
    expect(answer.citations[0]?.source).toBe("hr/leave-policy.md");
  });

  it("says plainly that the documents don't cover an unrelated question, naming the scopes searched", async () => {
    const answer = await ask([
      "--scope",
      "public,engineering",
      "What is the boiling point of liquid nitrogen?",
    ]);
    expect(answer.outcome).toBe("not-covered");
    expect(answer.text).toMatch(/public/);
    expect(answer.text).toMatch(/engineering/);
  });
});

describe("logging of questions", () => {
  it("logs one line per question without its text, and the text only when DOCENT_LOG_CONTENT is on", async () => {
    const env = { DOCENT_DOCS_DIR: sampleDocsDir, DOCENT_INDEX_DIR: sample.indexDir, LOG_LEVEL: "info" };
    const quiet = await runDocent(["ask", "--json", parentalLeave], { env });
    const line = quiet.stderr.split("\n").find((entry) => entry.includes('"question answered"'));
    expect(JSON.parse(line ?? "{}")).toMatchObject({ outcome: "excerpts", sources: expect.any(Array) });
    expect(quiet.stderr).not.toContain("parental leave");
    expect(quiet.stderr).not.toContain("Parental");

    const verbose = await runDocent(["ask", "--json", parentalLeave], {
      env: { ...env, DOCENT_LOG_CONTENT: "true" },
    });
    expect(verbose.stderr).toContain(parentalLeave);
  });
});
