import {
  type APIApplication,
  type APIUser,
  ApplicationFlags,
  DiscordAPIError,
  REST,
  Routes,
} from "discord.js";
import { DocentError } from "../../errors.js";

const deadlineMs = 10_000;
const defaultApiUrl = "https://discord.com/api";
const messageContent = ApplicationFlags.GatewayMessageContent | ApplicationFlags.GatewayMessageContentLimited;

/** Who the token logs in as, and the application it belongs to. */
export interface DiscordIdentity {
  host: string;
  user: { id: string; username: string };
}

/**
 * Checks DISCORD_TOKEN without opening a gateway session: GET /users/@me (the token works, and is a bot's),
 * GET /applications/@me (it is DISCORD_APPLICATION_ID's, and the Message Content intent is on), through
 * discord.js' REST client with DISCORD_API_URL, without retries. Throws a sentence that says what to fix.
 */
export async function checkDiscordToken(settings: {
  token: string;
  applicationId: string;
  apiUrl: string | undefined;
}): Promise<DiscordIdentity> {
  const api = (settings.apiUrl ?? defaultApiUrl).replace(/\/+$/, "");
  const host = new URL(api).host;
  const rest = new REST({ api, retries: 0, timeout: deadlineMs }).setToken(settings.token);
  try {
    const user = (await rest.get(Routes.user())) as APIUser;
    const application = (await rest.get(Routes.currentApplication())) as APIApplication;
    if (user.bot !== true) {
      throw new DocentError(
        "CONFIG_INVALID",
        "DISCORD_TOKEN is not a bot's token: copy it from the Bot page",
      );
    }
    if (application.id !== settings.applicationId) {
      throw new DocentError(
        "CONFIG_INVALID",
        `DISCORD_APPLICATION_ID is ${settings.applicationId}, but DISCORD_TOKEN belongs to the application ` +
          `${application.id}: copy the Application ID from General Information`,
      );
    }
    if (((application.flags ?? 0) & messageContent) === 0) {
      throw new DocentError(
        "CONFIG_INVALID",
        "the Message Content intent is off: enable Bot > Privileged Gateway Intents > Message Content Intent " +
          "in the Developer Portal (Discord refuses the bot's connection without it)",
      );
    }
    return { host, user: { id: user.id, username: user.username } };
  } catch (error) {
    if (error instanceof DocentError) throw error;
    throw describeFailure(error, host);
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

function describeFailure(error: unknown, host: string): DocentError {
  if (error instanceof DiscordAPIError || (error instanceof Error && "status" in error)) {
    const status = (error as { status?: number }).status;
    if (status === 401) {
      return new DocentError(
        "CONFIG_INVALID",
        `Discord rejected DISCORD_TOKEN (GET /users/@me at ${host}: HTTP 401): copy the bot token again from ` +
          "the Developer Portal (Bot > Reset Token)",
        { cause: error },
      );
    }
    return new DocentError("INTERNAL", `Discord at ${host} answered HTTP ${status}: try again later`, {
      cause: error,
    });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DocentError(
    "INTERNAL",
    `Could not reach Discord at ${host} (${reason}): check the network, proxy and firewall, or DISCORD_API_URL ` +
      "when it is set",
    { cause: error },
  );
}
