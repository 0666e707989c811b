import { describe, expect, it } from "vitest";
import { createEventTurns } from "../../../src/adapters/slack/event-turns.js";

describe("event turns", () => {
  it("starts events in arrival order, one per event-loop turn, after I/O callbacks already queued", async () => {
    const nextTurn = createEventTurns();
    const order: string[] = [];
    const started = [1, 2, 3].map((n) => nextTurn().then(() => order.push(`event ${n}`)));
    // Work queued between two turns (as a pending request's ack would be) runs before the next event starts.
    setImmediate(() => setImmediate(() => order.push("pending ack")));
    await Promise.all(started);
    expect(order).toEqual(["event 1", "pending ack", "event 2", "event 3"]);
  });
});
