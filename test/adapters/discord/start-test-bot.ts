import type { DiscordSettings } from "../../../src/adapters/discord/discord-settings.js";
import { startDiscordAdapter } from "../../../src/adapters/discord/start-discord-adapter.js";
import type { ChatCore } from "../../../src/chat-core/chat-core.js";
import { createRecordingLogger, type LogEntry } from "../../embeddings/recording-logger.js";
import { type FakeDiscord, startFakeDiscord } from "./fake-discord.js";
import { world } from "./fake-discord-payloads.js";

/** The fake Discord plus the real adapter (real discord.js client) logged in to it. */
export interface TestBot {
  discord: FakeDiscord;
  logs: LogEntry[];
  /** The adapter's own view: logged in with every shard ready. */
  connected(): boolean;
  stop(): Promise<void>;
}

export const testToken = "fake-bot-token.secret";

/** The adapter's settings for a fake Discord: its API, the test guild, the defaults. */
export function testBotSettings(
  discord: FakeDiscord,
  settings: Partial<DiscordSettings> = {},
): DiscordSettings {
  return {
    token: testToken,
    applicationId: world.applicationId,
    apiUrl: discord.apiUrl,
    guildIds: [world.guildId],
    replyInThread: false,
    ignoreBots: true,
    adminsByManageServer: true,
    ...settings,
  };
}

export async function startTestBot(
  core: ChatCore,
  settings: Partial<DiscordSettings> = {},
): Promise<TestBot> {
  const discord = await startFakeDiscord();
  const logger = createRecordingLogger();
  try {
    const adapter = await startDiscordAdapter({
      settings: testBotSettings(discord, settings),
      core,
      logger,
    });
    return {
      discord,
      logs: logger.entries,
      connected: () => adapter.connected(),
      async stop() {
        await adapter.stop();
        await discord.close();
      },
    };
  } catch (error) {
    await discord.close();
    throw error;
  }
}
