import { appendFile, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeFeedback, runFeedbackCommand } from "../../src/cli/feedback-command.js";
import { createFeedbackStore, feedbackFile, readFeedback } from "../../src/shared-state/feedback-file.js";
import type { FeedbackVote } from "../../src/shared-state/shared-state.js";
import { makeTempFolder } from "../helpers/temp-folder.js";

const vote = (overrides: Partial<FeedbackVote> = {}): FeedbackVote => ({
  platform: "slack",
  questionId: "q1",
  answerId: "a1",
  userId: "U1",
  vote: "helpful",
  sources: ["hr/leave-policy.md"],
  questionText: "How long is parental leave?",
  ...overrides,
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("feedback store", () => {
  it("appends votes without the question text by default, creating the state folder", async () => {
    const stateDir = path.join(await makeTempFolder(), "state", "nested");
    const store = createFeedbackStore(stateDir, { keepText: false });
    await Promise.all([store.record(vote()), store.record(vote({ questionId: "q2", vote: "not-helpful" }))]);
    const lines = (await readFile(feedbackFile(stateDir), "utf8")).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(lines.join("\n")).not.toContain("parental");
    const { records, skippedLines } = await readFeedback(stateDir);
    expect(skippedLines).toBe(0);
    expect(records.map(({ recordedAt, ...rest }) => rest)).toEqual([
      {
        platform: "slack",
        questionId: "q1",
        answerId: "a1",
        userId: "U1",
        vote: "helpful",
        sources: ["hr/leave-policy.md"],
      },
      {
        platform: "slack",
        questionId: "q2",
        answerId: "a1",
        userId: "U1",
        vote: "not-helpful",
        sources: ["hr/leave-policy.md"],
      },
    ]);
  });

  it("keeps the question text when content logging is on", async () => {
    const stateDir = await makeTempFolder();
    await createFeedbackStore(stateDir, { keepText: true }).record(vote());
    expect((await readFeedback(stateDir)).records[0]?.questionText).toBe("How long is parental leave?");
  });

  it("skips a corrupt line without losing the others, even one cut short without a newline", async () => {
    const stateDir = await makeTempFolder();
    await createFeedbackStore(stateDir, { keepText: false }).record(vote({ questionId: "before" }));
    await appendFile(feedbackFile(stateDir), 'not json\n{"vote":"helpful"}\n{"platform":"sla');
    await createFeedbackStore(stateDir, { keepText: false }).record(vote({ questionId: "after" }));
    const { records, skippedLines } = await readFeedback(stateDir);
    expect(records.map((record) => record.questionId)).toEqual(["before", "after"]);
    expect(skippedLines).toBe(3);
  });

  it("reads nothing when there is no feedback yet", async () => {
    expect(await readFeedback(path.join(await makeTempFolder(), "absent"))).toEqual({
      records: [],
      skippedLines: 0,
    });
  });
});

describe("docent feedback", () => {
  it("exports every vote as JSON with --json, and totals per source without it", async () => {
    const stateDir = await makeTempFolder();
    const store = createFeedbackStore(stateDir, { keepText: false });
    await store.record(vote());
    await store.record(
      vote({ platform: "discord", vote: "not-helpful", sources: ["hr/leave-policy.md", "faq.md"] }),
    );
    vi.stubEnv("DOCENT_STATE_DIR", stateDir);
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    expect(await runFeedbackCommand(["--json"])).toBe(0);
    const exported = JSON.parse(written.join("")) as FeedbackVote[];
    expect(exported.map((record) => [record.platform, record.vote, record.sources])).toEqual([
      ["slack", "helpful", ["hr/leave-policy.md"]],
      ["discord", "not-helpful", ["hr/leave-policy.md", "faq.md"]],
    ]);
    written.length = 0;
    expect(await runFeedbackCommand([])).toBe(0);
    const lines = written.join("").split("\n");
    expect(lines[0]).toMatch(/^2 votes: 1 helpful, 1 not helpful \(/);
    expect(lines.slice(1)).toEqual([
      "Cited sources (helpful / not helpful):",
      "  hr/leave-policy.md: 1 / 1",
      "  faq.md: 0 / 1",
      "",
    ]);
    expect(describeFeedback([])).toBe("No feedback recorded yet.\n");
  });
});
