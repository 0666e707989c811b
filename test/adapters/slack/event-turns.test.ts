import { describe, expect, it } from "vitest";
import { createEventTurns } from "../../../src/adapters/slack/event-turns.js";

const nextLoopTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("event turns", () => {
  it("starts events in arrival order, one per event-loop turn, after I/O callbacks already queued", async () => {
    const turns = createEventTurns({ quietMs: 0, maxHoldMs: 0 });
    const order: string[] = [];
    const started = [1, 2, 3].map((n) => turns.next().then(() => order.push(`event ${n}`)));
    // Work queued between two turns (as a pending request's ack would be) runs before the next event starts.
    setImmediate(() => setImmediate(() => order.push("pending ack")));
    await Promise.all(started);
    expect(order).toEqual(["event 1", "pending ack", "event 2", "event 3"]);
  });

  it("holds events back while requests keep arriving, and starts them once the requests pause", async () => {
    const turns = createEventTurns({ quietMs: 300, maxHoldMs: 60_000 });
    turns.arrived();
    let started = false;
    const turn = turns.next().then(() => {
      started = true;
    });
    for (let request = 0; request < 5; request++) {
      await nextLoopTurn();
      turns.arrived();
    }
    expect(started).toBe(false);
    await turn;
    expect(started).toBe(true);
  });

  it("starts an event after the longest hold even when requests never pause", async () => {
    const turns = createEventTurns({ quietMs: 60_000, maxHoldMs: 200 });
    const arriving = setInterval(() => turns.arrived(), 5);
    try {
      turns.arrived();
      // Without the limit this would never resolve (the test would time out).
      await turns.next();
    } finally {
      clearInterval(arriving);
    }
  });
});
