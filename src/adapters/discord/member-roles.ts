import type { APIInteractionGuildMember, Client, Guild, GuildMember } from "discord.js";
import type { Logger } from "../../logging/logger.js";

/**
 * The asker's role ids, so that the core can add the scopes mapped to them. In a guild they come with the message
 * or the interaction; in a DM the asker is looked up in every guild the bot is in, always over REST (without the
 * privileged members intent a cached member would keep a role it has lost). @everyone is left out: all have it.
 */
export function roleIdsOf(member: GuildMember | APIInteractionGuildMember | null | undefined): string[] {
  if (member === null || member === undefined) return [];
  if (Array.isArray(member.roles)) return [...member.roles];
  const guildMember = member as GuildMember;
  return guildMember.roles.cache.filter((role) => role.id !== guildMember.guild.id).map((role) => role.id);
}

export async function roleIdsAcrossGuilds(client: Client, userId: string, logger: Logger): Promise<string[]> {
  const lists = await Promise.all(client.guilds.cache.map((guild) => roleIdsInGuild(guild, userId, logger)));
  return [...new Set(lists.flat())];
}

/** Discord's codes for "not a member of this server" and "no such user": an answer, not a failure. */
const notAMemberCodes = new Set([10007, 10013]);

/**
 * The member's roles in one guild. Not being a member is normal (the bot shares many servers with few people).
 * Any other failure (a timeout, a 5xx after discord.js' own retries, a refused request) is tried once more, and if
 * it fails again it is logged at warn with its reason: the question then gets no role scopes from that server, so
 * an operator must be able to see why a member with a role was answered from fewer documents.
 */
async function roleIdsInGuild(guild: Guild, userId: string, logger: Logger): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return roleIdsOf(await guild.members.fetch({ user: userId, force: true }));
    } catch (error) {
      if (notAMemberCodes.has((error as { code?: unknown }).code as number)) {
        logger.debug({ guildId: guild.id, userId }, "discord member not found in guild");
        return [];
      }
      if (attempt >= 2) {
        logger.warn(
          { err: error, guildId: guild.id, userId, reason: lookupFailureReason(error), attempts: attempt },
          "discord member lookup failed; this question gets no role scopes from that server",
        );
        return [];
      }
    }
  }
}

/** A short reason for the log line: Discord's error code and status, a timeout, or the error's message. */
function lookupFailureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (error.name === "AbortError") return "the request timed out";
  const parts = [
    typeof status === "number" ? `HTTP ${status}` : null,
    typeof code === "number" || typeof code === "string" ? `code ${code}` : null,
    error.message,
  ];
  return parts.filter((part) => part !== null && part !== "").join(", ");
}
