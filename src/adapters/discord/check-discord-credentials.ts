import type { PlatformCheck } from "../../platforms/chat-platform.js";
import { checkDiscordToken } from "./check-discord-token.js";
import type { DiscordSettings } from "./discord-settings.js";

/** `docent doctor` for Discord: the token, its application and the Message Content intent, over REST. */
export async function checkDiscordCredentials(
  discord: DiscordSettings | undefined,
): Promise<PlatformCheck[]> {
  if (discord === undefined) return [{ ok: null, detail: "not configured (DISCORD_TOKEN is unset)" }];
  const identity = await checkDiscordToken(discord);
  return [
    {
      ok: true,
      detail:
        `DISCORD_TOKEN works: bot ${identity.user.username} (${identity.user.id}) of application ` +
        `${discord.applicationId}, Message Content intent on (at ${identity.host})`,
    },
  ];
}
