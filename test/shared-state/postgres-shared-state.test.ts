import { describe, expect, it } from "vitest";
import { isDocentError } from "../../src/errors.js";
import { silentLogger } from "../../src/logging/logger.js";
import { createPostgresSharedState } from "../../src/shared-state/postgres-shared-state.js";
import type { SharedState } from "../../src/shared-state/shared-state.js";
import { postgresSkipReason, useTemporaryPostgres } from "../helpers/postgres-server.js";

const server = useTemporaryPostgres();

const open = (schema: string, keepText = false) =>
  createPostgresSharedState({ url: server().url, schema, keepText, logger: silentLogger });

const vote = {
  platform: "slack" as const,
  questionId: "q-1",
  answerId: "a-1",
  userId: "U0VOTER",
  vote: "helpful" as const,
  sources: ["hr/leave.md", "public/offices.md"],
  questionText: "How long is parental leave?",
};

describe.skipIf(postgresSkipReason !== undefined)("shared state in PostgreSQL", () => {
  it("lets exactly one of many replicas claim an event id, even when they race", async () => {
    const states: SharedState[] = await Promise.all([
      open("state_race"),
      open("state_race"),
      open("state_race"),
    ]);
    try {
      for (let round = 0; round < 5; round++) {
        const claims = await Promise.all(
          Array.from({ length: 12 }, (_, index) =>
            (states[index % states.length] as SharedState).seenEvents.markSeen(`slack:Ev${round}`),
          ),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
      }
    } finally {
      await Promise.all(states.map((state) => state.close()));
    }
  });

  it("stores feedback votes for every replica, without the question text unless content logging is on", async () => {
    const first = await open("state_feedback");
    const second = await open("state_feedback", true);
    try {
      await first.feedback.record(vote);
      await second.feedback.record({ ...vote, vote: "not-helpful", answerId: "a-2" });
      const { records, skippedLines } = await first.feedback.readAll();
      expect(skippedLines).toBe(0);
      expect(records.map((record) => [record.answerId, record.vote, record.questionText])).toEqual([
        ["a-1", "helpful", undefined],
        ["a-2", "not-helpful", vote.questionText],
      ]);
      expect(records[0]).toMatchObject({ platform: "slack", userId: "U0VOTER", sources: vote.sources });
      expect(Date.parse(records[0]?.recordedAt ?? "")).not.toBeNaN();
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it("falls back to memory for event ids and fails votes with DATABASE_UNAVAILABLE while the database is down", async () => {
    const state = await open("state_outage");
    const database = server();
    try {
      await database.stopServer();
      expect(await state.seenEvents.markSeen("slack:EvDOWN")).toBe(true);
      expect(await state.seenEvents.markSeen("slack:EvDOWN")).toBe(false);
      const error = await state.feedback.record(vote).catch((caught: unknown) => caught);
      expect(isDocentError(error, "DATABASE_UNAVAILABLE")).toBe(true);
    } finally {
      await database.startServer();
    }
    expect(await state.seenEvents.markSeen("slack:EvUP")).toBe(true);
    await state.feedback.record(vote);
    expect((await state.feedback.readAll()).records).toHaveLength(1);
    await state.close();
  });
});
