import { Events, Status } from "discord.js";
import type { ChatCore } from "../../chat-core/chat-core.js";
import type { Logger } from "../../logging/logger.js";
import { withContentFreeErrors } from "../content-free-errors.js";
import { settleWithin } from "../settle-within.js";
import { createDiscordClient } from "./create-discord-client.js";
import type { AdapterContext } from "./discord-context.js";
import type { DiscordSettings } from "./discord-settings.js";
import { createAnswerMemory } from "./feedback-buttons.js";
import { handleInteraction } from "./handle-interaction.js";
import { handleMessage } from "./handle-message.js";
import { logIn } from "./log-in.js";
import { registerSlashCommands } from "./slash-commands.js";

/**
 * Connects the bot to Discord: logs in over the gateway, registers the slash commands, and from then on turns
 * messages and interactions into calls of the chat core. `stop` cancels answers in progress and disconnects.
 */
export interface DiscordAdapterOptions {
  settings: DiscordSettings;
  core: ChatCore;
  logger: Logger;
}

export interface RunningDiscordAdapter {
  /** Logged in, every gateway shard ready (not reconnecting). For /readyz. */
  connected(): boolean;
  stop(): Promise<void>;
}

/** What stop() waits for answers in progress, then for the gateway to close. */
const stopTimeoutMs = 3_000;

export async function startDiscordAdapter(options: DiscordAdapterOptions): Promise<RunningDiscordAdapter> {
  const logger = withContentFreeErrors(options.logger.child({ platform: "discord" }));
  const client = createDiscordClient(options.settings);
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  try {
    const ready = await logIn(client, options.settings.token);
    const context: AdapterContext = {
      client: ready,
      core: options.core,
      logger,
      settings: options.settings,
      memory: createAnswerMemory(),
      signal: stopping.signal,
    };
    client.on(Events.MessageCreate, (message) => track(guard(handleMessage(message, context), logger)));
    client.on(Events.InteractionCreate, (interaction) =>
      track(guard(handleInteraction(interaction, context), logger)),
    );
    client.on(Events.ShardResume, (shardId, replayed) =>
      logger.info({ shardId, replayed }, "discord gateway resumed"),
    );
    client.on(Events.ShardDisconnect, (event, shardId) =>
      logger.warn({ shardId, code: event.code }, "discord gateway disconnected"),
    );
    client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));
    await registerSlashCommands(ready.rest, options.settings, logger);
    logger.info({ botUserId: ready.user.id, guilds: ready.guilds.cache.size }, "discord adapter started");
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return {
    connected: () => client.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready),
    async stop() {
      stopping.abort();
      client.removeAllListeners();
      // Answers in progress are cancelled; one still waiting on Discord (a lost network) is left behind.
      await settleWithin(Promise.allSettled([...running]), stopTimeoutMs);
      // destroy() waits for the gateway's closing handshake, up to 30 s when the network is gone.
      const closed = await settleWithin(client.destroy(), stopTimeoutMs);
      if (closed) logger.info({}, "discord adapter stopped");
      else logger.warn({ waitedMs: stopTimeoutMs }, "discord gateway did not close in time; leaving it");
    },
  };
}

/** A handler's unexpected failure is logged, never thrown into discord.js' event emitter. */
async function guard(work: Promise<void>, logger: Logger): Promise<void> {
  try {
    await work;
  } catch (error) {
    logger.error({ err: error }, "discord event handling failed");
  }
}
