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

// What every SharedState keeps is in shared-state-contract.ts; these are PostgreSQL's own: replicas and outages.
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
