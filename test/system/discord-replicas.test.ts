import { afterEach, describe, expect, it } from "vitest";
import { startDiscordAdapter } from "../../src/adapters/discord/start-discord-adapter.js";
import { silentLogger } from "../../src/logging/logger.js";
import { createPostgresSharedState } from "../../src/shared-state/postgres-shared-state.js";
import type { SharedState } from "../../src/shared-state/shared-state.js";
import { type FakeDiscord, startFakeDiscord, waitFor } from "../adapters/discord/fake-discord.js";
import { world } from "../adapters/discord/fake-discord-payloads.js";
import { testBotSettings } from "../adapters/discord/start-test-bot.js";
import { createFakeChatCore, type FakeChatCore } from "../helpers/fake-chat-core.js";
import { postgresSkipReason, useTemporaryPostgres } from "../helpers/postgres-server.js";

/**
 * Discord sends a bot's events to every gateway session, so two replicas both receive each message. With the event
 * ids in PostgreSQL, each message is answered once. Real discord.js clients, a loopback Discord, a real PostgreSQL.
 */
const server = useTemporaryPostgres();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function startReplica(discord: FakeDiscord, schema: string): Promise<FakeChatCore> {
  const state: SharedState = await createPostgresSharedState({
    url: server().url,
    schema,
    keepText: false,
    logger: silentLogger,
  });
  cleanups.push(() => state.close());
  const core = createFakeChatCore();
  core.markEventSeen = (platform, eventId) => state.seenEvents.markSeen(`${platform}:${eventId}`);
  const adapter = await startDiscordAdapter({
    settings: testBotSettings(discord),
    core,
    logger: silentLogger,
  });
  cleanups.push(() => adapter.stop());
  return core;
}

describe.skipIf(postgresSkipReason !== undefined)("two Discord replicas sharing PostgreSQL", () => {
  it("answers each message once although both gateway sessions receive it", async () => {
    const discord = await startFakeDiscord();
    cleanups.push(() => discord.close());
    const replicas = [
      await startReplica(discord, "discord_replicas"),
      await startReplica(discord, "discord_replicas"),
    ];
    expect(discord.gateway.identifies).toBe(2);
    for (let round = 1; round <= 3; round++) {
      discord.post({
        author: world.alice,
        content: `When are the public holidays? (${round})`,
        mentionBot: true,
      });
      await waitFor(() => discord.botMessagesIn(world.channelId).length >= round);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(discord.botMessagesIn(world.channelId)).toHaveLength(round);
      expect(replicas.reduce((sum, core) => sum + core.questions.length, 0)).toBe(round);
    }
  }, 60_000);
});
