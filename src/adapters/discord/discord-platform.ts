import type { ChatPlatform } from "../../platforms/chat-platform.js";
import { type DiscordAccess, discordAccessRules, discordAccessSection } from "./discord-access.js";
import { type DiscordSettings, discordVariables, readDiscordSettings } from "./discord-settings.js";

/**
 * Discord, on discord.js: the gateway, slash commands and buttons (start-discord-adapter.ts). discord.js is loaded
 * when Discord starts or is checked, so that the commands that only read the settings or the access file do not
 * pay for it.
 */
export const discordPlatform: ChatPlatform<DiscordSettings, DiscordAccess> = {
  name: "discord",
  title: "Discord",
  variables: discordVariables,
  configuredBy: "DISCORD_TOKEN (with DISCORD_APPLICATION_ID)",
  readSettings: readDiscordSettings,
  accessSection: discordAccessSection,
  accessRules: discordAccessRules,
  async start(settings, { core, logger }) {
    const { startDiscordAdapter } = await import("./start-discord-adapter.js");
    return startDiscordAdapter({ settings, core, logger });
  },
  async checkCredentials(settings) {
    const { checkDiscordCredentials } = await import("./check-discord-credentials.js");
    return checkDiscordCredentials(settings);
  },
};
