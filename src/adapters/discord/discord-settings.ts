import { z } from "zod";
import { booleanSetting, optionalText, serverUrl } from "../../config/setting-types.js";
import { DocentError } from "../../errors.js";

/** Discord's environment variables (README: Connecting Discord), merged into the configuration by config.ts. */
export const discordVariables = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_API_URL: serverUrl,
  DISCORD_GUILD_IDS: optionalText,
  DISCORD_REPLY_IN_THREAD: booleanSetting.default(false),
  DISCORD_IGNORE_BOTS: booleanSetting.default(true),
  DISCORD_ADMINS_BY_MANAGE_SERVER: booleanSetting.default(true),
});

export interface DiscordSettings {
  token: string;
  applicationId: string;
  apiUrl: string | undefined;
  /** Guilds that get the slash commands at once; empty: registered globally. */
  guildIds: string[];
  replyInThread: boolean;
  ignoreBots: boolean;
  adminsByManageServer: boolean;
}

/** Discord's settings when DISCORD_TOKEN is set; the token and the application id go together. */
export function readDiscordSettings(env: z.infer<typeof discordVariables>): DiscordSettings | undefined {
  const fail = (message: string) => {
    throw new DocentError("CONFIG_INVALID", `Invalid configuration. ${message}`);
  };
  if (env.DISCORD_TOKEN !== undefined && env.DISCORD_APPLICATION_ID === undefined) {
    fail("Set DISCORD_APPLICATION_ID (Developer Portal > General Information) along with DISCORD_TOKEN");
  }
  if (env.DISCORD_TOKEN === undefined && env.DISCORD_APPLICATION_ID !== undefined) {
    fail("Set DISCORD_TOKEN (Developer Portal > Bot > Token): DISCORD_APPLICATION_ID is set without it");
  }
  if (env.DISCORD_TOKEN === undefined) return undefined;
  return {
    token: env.DISCORD_TOKEN,
    applicationId: env.DISCORD_APPLICATION_ID as string,
    apiUrl: env.DISCORD_API_URL,
    guildIds: (env.DISCORD_GUILD_IDS ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
    replyInThread: env.DISCORD_REPLY_IN_THREAD,
    ignoreBots: env.DISCORD_IGNORE_BOTS,
    adminsByManageServer: env.DISCORD_ADMINS_BY_MANAGE_SERVER,
  };
}
