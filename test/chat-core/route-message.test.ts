import { describe, expect, it } from "vitest";
import { hintsWhenEmpty, type MessageFacts, routeMessage } from "../../src/chat-core/route-message.js";

const facts = (overrides: Partial<MessageFacts> = {}): MessageFacts => ({
  fromOtherBot: false,
  isDirectMessage: false,
  mentionsBot: false,
  followsBotAnswer: async () => false,
  ...overrides,
});
const rules = { ignoreBots: true, answerFollowUps: true };

describe("routeMessage: which messages are answered, the same on every platform", () => {
  it("answers a direct message and a mention, and nothing else by default", async () => {
    expect(await routeMessage(facts({ isDirectMessage: true }), rules)).toBe("direct");
    expect(await routeMessage(facts({ mentionsBot: true }), rules)).toBe("mention");
    expect(await routeMessage(facts(), rules)).toBeNull();
  });

  it("answers a follow-up where the bot answered, unless follow-ups are off, and asks only when it decides", async () => {
    let asked = 0;
    const follows = facts({
      followsBotAnswer: async () => {
        asked++;
        return true;
      },
    });
    expect(await routeMessage(follows, rules)).toBe("follow-up");
    expect(await routeMessage(follows, { ...rules, answerFollowUps: false })).toBeNull();
    expect(await routeMessage({ ...follows, mentionsBot: true }, rules)).toBe("mention");
    expect(asked).toBe(1);
  });

  it("ignores other bots unless allowed", async () => {
    const bot = facts({ fromOtherBot: true, mentionsBot: true });
    expect(await routeMessage(bot, rules)).toBeNull();
    expect(await routeMessage(bot, { ...rules, ignoreBots: false })).toBe("mention");
  });

  it("hints how to ask after an empty mention or direct message, never after an empty follow-up", () => {
    expect([hintsWhenEmpty("direct"), hintsWhenEmpty("mention"), hintsWhenEmpty("follow-up")]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
