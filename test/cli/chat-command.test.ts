import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/answer-types.js";
import { runDocent } from "../helpers/run-docent.js";
import { useSampleIndex } from "../helpers/sample-index.js";

const sample = useSampleIndex("docent-chat-");

async function chatJson(turns: string[], env: Record<string, string> = {}): Promise<Answer[]> {
  const run = await runDocent(["chat", "--json"], {
    env: sample.env(env),
    input: `${turns.join("\n")}\n`,
  });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return run.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Answer);
}

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
    sample.server.script({ kind: "deltas", deltas: ["Parents get 20 weeks [1]."] });
    sample.server.script({ kind: "deltas", deltas: ["The second parent gets 10 weeks [1]."] });
    const rewrite = "How many weeks of paid parental leave does the second parent get?";
    sample.server.scriptRewrite({ kind: "deltas", deltas: [rewrite] });
    const before = sample.server.requests.length;
    const answers = await chatJson(
      ["How many weeks of paid parental leave do new parents get?", "And the second parent?"],
      {
        ...sample.openAICompatible(),
      },
    );
    expect(answers.map((answer) => answer.outcome)).toEqual(["answered", "answered"]);
    const second = sample.server.requests[before + 1]?.body.messages as Array<{
      role: string;
      content: string;
    }>;
    expect(second.map((message) => message.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(second[1]?.content).toContain("parental leave");
    expect(second[2]?.content).toContain("Parents get 20 weeks");
    // How each question was searched: the first alone, the follow-up as the model rewrote it.
    expect(answers[0]?.searchedAs).toEqual({ how: "alone", reason: "no-history" });
    expect(answers[1]?.searchedAs).toMatchObject({ how: "rewritten", text: rewrite });
    expect(second[3]?.content).toContain("And the second parent?");
  });
});
