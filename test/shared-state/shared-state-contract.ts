import { afterEach, describe, expect, it } from "vitest";
import type { FeedbackVote, SharedState } from "../../src/shared-state/shared-state.js";

/**
 * What every SharedState keeps (one replica's memory and file, PostgreSQL for several replicas): an event id is
 * claimed once, votes come back in order with what was voted on, the question text only when content logging is
 * on, and two instances over the same storage read the same votes. `open` returns a fresh instance over the
 * storage named by `place` (the same place twice: the same storage).
 */
export function describeSharedStateContract(
  name: string,
  open: (place: string, options: { keepText: boolean }) => Promise<SharedState>,
  skipReason?: string,
) {
  describe.skipIf(skipReason !== undefined)(`shared state contract: ${name}`, () => {
    const opened: SharedState[] = [];
    afterEach(async () => {
      while (opened.length > 0) await opened.pop()?.close();
    });
    const openTracked = async (place: string, keepText = false) => {
      const state = await open(place, { keepText });
      opened.push(state);
      return state;
    };

    it("claims an event id once, and other ids independently", async () => {
      const state = await openTracked("contract_events");
      expect(await state.seenEvents.markSeen("slack:Ev1")).toBe(true);
      expect(await state.seenEvents.markSeen("slack:Ev1")).toBe(false);
      expect(await state.seenEvents.markSeen("discord:Ev1")).toBe(true);
      expect(await state.seenEvents.markSeen("slack:Ev2")).toBe(true);
    });

    it("reads nothing before the first vote, then every vote in order with what it was about", async () => {
      const state = await openTracked("contract_votes");
      expect(await state.feedback.readAll()).toEqual({ records: [], skippedLines: 0 });
      await state.feedback.record(vote);
      await state.feedback.record({ ...vote, platform: "discord", answerId: "a-2", vote: "not-helpful" });
      const { records, skippedLines } = await state.feedback.readAll();
      expect(skippedLines).toBe(0);
      expect(records.map((record) => [record.platform, record.answerId, record.vote])).toEqual([
        ["slack", "a-1", "helpful"],
        ["discord", "a-2", "not-helpful"],
      ]);
      expect(records[0]).toMatchObject({ questionId: "q-1", userId: "U0VOTER", sources: vote.sources });
      expect(Date.parse(records[0]?.recordedAt ?? "")).not.toBeNaN();
    });

    it("stores the votes of any platform by its plain id, and refuses an id that is not plain before storing", async () => {
      const state = await openTracked("contract_platforms");
      await state.feedback.record({ ...vote, platform: "teams" });
      for (const platform of ["", "Teams", "slack:bot", "x".repeat(33)]) {
        await expect(state.feedback.record({ ...vote, platform })).rejects.toMatchObject({
          code: "INTERNAL",
        });
      }
      const { records } = await state.feedback.readAll();
      expect(records.map((record) => record.platform)).toEqual(["teams"]);
    });

    it("keeps the question text only with content logging on, and shares votes over the same storage", async () => {
      const quiet = await openTracked("contract_text");
      const keeping = await openTracked("contract_text", true);
      await quiet.feedback.record(vote);
      await keeping.feedback.record({ ...vote, answerId: "a-2" });
      const { records } = await quiet.feedback.readAll();
      expect(records.map((record) => [record.answerId, record.questionText])).toEqual([
        ["a-1", undefined],
        ["a-2", vote.questionText],
      ]);
      expect((await keeping.feedback.readAll()).records).toHaveLength(2);
    });
  });
}

const vote: FeedbackVote = {
  platform: "slack",
  questionId: "q-1",
  answerId: "a-1",
  userId: "U0VOTER",
  vote: "helpful",
  sources: ["hr/leave.md", "public/offices.md"],
  questionText: "How long is parental leave?",
};
