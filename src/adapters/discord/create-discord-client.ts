import { Client, GatewayIntentBits, Partials } from "discord.js";

/**
 * The gateway client: guild channels and their messages (Message Content is privileged: it must be enabled in the
 * Developer Portal), and direct messages, whose channels discord.js only knows as partials until fetched.
 */
export function createDiscordClient(settings: { apiUrl: string | undefined }): Client {
  return new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.DirectMessages,
    ],
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    ...(settings.apiUrl === undefined ? {} : { rest: { api: settings.apiUrl.replace(/\/+$/, "") } }),
  });
}
