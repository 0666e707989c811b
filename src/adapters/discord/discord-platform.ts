import type { ChatPlatform } from "../../platforms/chat-platform.js";
import { checkDiscordCredentials } from "./check-discord-credentials.js";
import { type DiscordAccess, discordAccessRules, discordAccessSection } from "./discord-access.js";
import { type DiscordSettings, discordVariables, readDiscordSettings } from "./discord-settings.js";
import { startDiscordAdapter } from "./start-discord-adapter.js";

/** Discord, on discord.js: the gateway, slash commands and buttons (start-discord-adapter.ts). */
export const discordPlatform: ChatPlatform<DiscordSettings, DiscordAccess> = {
  name: "discord",
  title: "Discord",
  variables: discordVariables,
  configuredBy: "DISCORD_TOKEN (with DISCORD_APPLICATION_ID)",
  readSettings: readDiscordSettings,
  accessSection: discordAccessSection,
  accessRules: discordAccessRules,
  start: (settings, { core, logger }) => startDiscordAdapter({ settings, core, logger }),
  checkCredentials: checkDiscordCredentials,
};
