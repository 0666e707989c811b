/**
 * Which chat messages the bot answers, decided once for every platform. The adapter reads the facts from its
 * platform's event (and which settings apply there); the rules are the same everywhere: other bots only when allowed,
 * a direct message or a mention always, and a message without a mention only where the bot has already answered
 * (a thread with one of its answers, a thread it started, a reply to one of its messages), unless follow-ups are off.
 */
export type MessageRoute = "direct" | "mention" | "follow-up";

export interface MessageFacts {
  /** Written by another bot or a webhook (the bot's own messages never reach the rules). */
  fromOtherBot: boolean;
  isDirectMessage: boolean;
  mentionsBot: boolean;
  /** Whether the message continues a conversation the bot answered in; only asked when it decides the route. */
  followsBotAnswer: () => Promise<boolean>;
}

export interface MessageRules {
  ignoreBots: boolean;
  answerFollowUps: boolean;
}

export async function routeMessage(facts: MessageFacts, rules: MessageRules): Promise<MessageRoute | null> {
  if (facts.fromOtherBot && rules.ignoreBots) return null;
  if (facts.isDirectMessage) return "direct";
  if (facts.mentionsBot) return "mention";
  if (rules.answerFollowUps && (await facts.followsBotAnswer())) return "follow-up";
  return null;
}

/** A message with no question in it gets a hint how to ask, except a follow-up (an image, a sticker, a "thanks"). */
export function hintsWhenEmpty(route: MessageRoute): boolean {
  return route !== "follow-up";
}
