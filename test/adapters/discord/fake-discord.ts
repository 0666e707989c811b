import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer } from "../../helpers/loopback-http.js";
import { attachGateway, type GatewayRecord } from "./fake-discord-gateway.js";
import {
  interactionMember,
  message,
  nextSnowflake,
  type StoredMessage,
  type User,
  world,
} from "./fake-discord-payloads.js";
import { answerRest, type RecordedCall, type RestState, type ScriptedFailure } from "./fake-discord-rest.js";

/**
 * A loopback Discord on 127.0.0.1: REST at /api/v10 and the gateway at /gateway on one port. Tests say what users
 * do (post a message, mention the bot, run a slash command, press a button) and read what the bot did from the
 * recorded REST calls and the stored messages.
 */
export interface FakeDiscord {
  apiUrl: string;
  calls: RecordedCall[];
  gateway: GatewayRecord;
  messages: Map<string, StoredMessage>;
  /** A user posts in a guild channel (or thread); `mentionBot` adds the mention as a Discord client would. */
  post(input: PostInput): StoredMessage;
  /** A user writes to the bot in a DM. */
  directMessage(author: User, content: string): StoredMessage;
  command(input: CommandInput): { id: string; token: string };
  pressButton(author: User, pressed: StoredMessage, customId: string): { id: string; token: string };
  failNext(failure: Omit<ScriptedFailure, "times"> & { times?: number }): void;
  disconnect(code: number): void;
  /** The gateway URL that /gateway/bot and READY name (a relay in front of the fake, for instance). */
  advertiseGateway(url: string): void;
  /** Messages the bot posted (or edited) in a channel, oldest first. */
  botMessagesIn(channelId: string): StoredMessage[];
  close(): Promise<void>;
}

export interface PostInput {
  author: User;
  content: string;
  channelId?: string;
  mentionBot?: boolean;
  replyTo?: StoredMessage;
  type?: number;
}

export interface CommandInput {
  name: string;
  author: User;
  options?: Array<{ name: string; type: number; value: string | boolean }>;
  channelId?: string;
  inDirectMessage?: boolean;
}

export async function startFakeDiscord(
  options: { heartbeatIntervalMs?: number; closeOnIdentify?: number } = {},
): Promise<FakeDiscord> {
  const state: RestState = {
    gatewayUrl: "",
    calls: [],
    failures: [],
    messages: new Map(),
    originals: new Map(),
    interactionChannels: new Map(),
    threads: new Map(),
  };
  const server = createServer((request, response) => {
    answerRest(state, request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: String(error), code: 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
  const gatewayOptions = {
    gatewayUrl: state.gatewayUrl,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1500,
    closeOnIdentify: options.closeOnIdentify,
  };
  const gateway = attachGateway(server, gatewayOptions);

  const store = (stored: StoredMessage) => {
    state.messages.set(stored.id, stored);
    gateway.dispatch("MESSAGE_CREATE", stored);
    return stored;
  };
  const interact = (
    data: Record<string, unknown>,
    author: User,
    channelId: string,
    inDirectMessage: boolean,
  ) => {
    const interaction = { id: nextSnowflake(), token: `token-${nextSnowflake()}` };
    state.interactionChannels.set(interaction.token, channelId);
    const where = inDirectMessage
      ? { user: author, channel: { id: channelId, type: 1 }, context: 1 }
      : {
          guild_id: world.guildId,
          member: interactionMember(author),
          channel: { id: channelId, type: 0, guild_id: world.guildId },
          guild_locale: "en-US",
          context: 0,
        };
    gateway.dispatch("INTERACTION_CREATE", {
      ...interaction,
      application_id: world.applicationId,
      version: 1,
      channel_id: channelId,
      locale: "en-US",
      app_permissions: "2147568640",
      entitlements: [],
      authorizing_integration_owners: { 0: world.guildId },
      ...where,
      ...data,
    });
    return interaction;
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    calls: state.calls,
    gateway: gateway.record,
    messages: state.messages,
    post(input) {
      const channelId = input.channelId ?? world.channelId;
      const content = input.mentionBot ? `<@${world.bot.id}> ${input.content}` : input.content;
      const stored = message({
        channelId,
        guildId: world.guildId,
        author: input.author,
        content,
        mentions: input.mentionBot ? [world.bot] : [],
        reference: input.replyTo,
        ...(input.type === undefined ? {} : { type: input.type }),
      });
      return store({ ...stored, channel_type: state.threads.has(channelId) ? 11 : 0 });
    },
    directMessage(author, content) {
      const channelId = world.dmChannelIds.get(author.id) ?? nextSnowflake();
      world.dmChannelIds.set(author.id, channelId);
      return store({ ...message({ channelId, author, content }), channel_type: 1 });
    },
    command(input) {
      const channelId = input.channelId ?? (input.inDirectMessage ? nextSnowflake() : world.channelId);
      const data = { id: nextSnowflake(), name: input.name, type: 1, options: input.options ?? [] };
      return interact({ type: 2, data }, input.author, channelId, input.inDirectMessage ?? false);
    },
    pressButton(author, pressed, customId) {
      const data = { custom_id: customId, component_type: 2 };
      return interact({ type: 3, data, message: pressed }, author, pressed.channel_id, false);
    },
    failNext(failure) {
      state.failures.push({ times: 1, ...failure });
    },
    disconnect: (code) => gateway.disconnect(code),
    advertiseGateway(url) {
      state.gatewayUrl = url;
      gatewayOptions.gatewayUrl = url;
    },
    botMessagesIn(channelId) {
      return [...state.messages.values()].filter(
        (stored) => stored.channel_id === channelId && stored.author.id === world.bot.id,
      );
    },
    async close() {
      await gateway.close();
      await closeServer(server);
    },
  };
}

/** Polls until the condition holds or the time runs out (generous: the machine is shared). */
export async function waitFor<T>(read: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error("waitFor: condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
