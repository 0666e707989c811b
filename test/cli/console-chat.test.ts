import { describe, expect, it } from "vitest";
import { runDocent } from "../helpers/run-docent.js";
import { useSampleIndex } from "../helpers/sample-index.js";

const sample = useSampleIndex("docent-console-chat-");

const chat = (lines: string[], env: Record<string, string> = {}) =>
  runDocent(["chat"], {
    env: sample.env(env),
    input: `${lines.join("\n")}\n`,
  });

describe("the console chat's commands", () => {
  it("/help, /sources, /new and /quit are commands, not questions", async () => {
    const run = await chat([
      "/help",
      "/sources",
      "How many weeks of paid parental leave do new parents get?",
      "/sources",
      "/new",
      "/sources",
      "/colour",
      "/quit",
      "Who is the CTO?",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.match(/docent> /g)).toHaveLength(1);
    expect(run.stdout).toContain("/sources  the passages behind the last answer");
    expect(run.stdout).toContain("/new      start a new conversation");
    const [beforeAnswer, afterAnswer = ""] = run.stdout.split("docent> ");
    expect(beforeAnswer).toContain("No answer yet: ask a question first.");
    // /sources shows the passages' text, not only their names.
    expect(afterAnswer).toMatch(/\[1\] hr\/leave-policy\.md[^\n]*\n\s+.*parental leave/i);
    expect(afterAnswer).toContain("New conversation: the earlier questions are forgotten.");
    expect(afterAnswer.split("New conversation")[1]).toContain("No answer yet: ask a question first.");
    expect(afterAnswer).toContain("Unknown command /colour: /help lists the commands.");
    expect(run.stdout).not.toContain("CTO");
  });

  it("/new starts over: the next question reaches the engine without the earlier turns", async () => {
    sample.server.script({ kind: "deltas", deltas: ["Parents get 20 weeks [1]."] });
    sample.server.script({ kind: "deltas", deltas: ["The second parent gets 10 weeks [1]."] });
    const before = sample.server.requests.length;
    const run = await chat(
      [
        "How many weeks of paid parental leave do new parents get?",
        "/new",
        "How many weeks does the second parent get?",
        "/quit",
      ],
      {
        ...sample.openAICompatible(),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const second = sample.server.requests[before + 1]?.body.messages as Array<{ role: string }>;
    expect(second.map((message) => message.role)).toEqual(["system", "user"]);
  });
});
